import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { BillingModule } from '../billing/billing.module';
import { MailModule } from '../mail/mail.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { Invitation } from './entities/invitation.entity';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { MembersService } from './members.service';
import { SeatsService } from './seats.service';
import { InvitationsController, TeamController } from './team.controller';
import { TeamProcessor } from './team.processor';

/**
 * The team endpoints: invitations (this module's table) and members, whose memberships are auth's (MembershipsService);
 * seats (registered with billing's UsageMeters). Arrows: team → auth, billing, workspace, audit, mail.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Invitation]), AuthModule, AuditModule, BillingModule, MailModule, WorkspaceModule],
  controllers: [TeamController, InvitationsController],
  providers: [InvitationsRepository, InvitationsService, MembersService, SeatsService, TeamProcessor],
})
export class TeamModule {}
