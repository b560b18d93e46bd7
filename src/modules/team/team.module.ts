import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { MailModule } from '../mail/mail.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { Invitation } from './entities/invitation.entity';
import { TeamMember } from './entities/team-member.entity';
import { MembershipService } from './membership.service';
import { InvitationsController, TeamController } from './team.controller';
import { TeamProcessor } from './team.processor';
import { TeamService } from './team.service';

/** Members, roles and invitations. AuthService comes from the global AuthModule (which imports this module). */
@Module({
  imports: [TypeOrmModule.forFeature([TeamMember, Invitation]), AuditModule, BillingModule, MailModule, WorkspaceModule],
  controllers: [TeamController, InvitationsController],
  providers: [MembershipService, TeamService, TeamProcessor],
  exports: [MembershipService],
})
export class TeamModule {}
