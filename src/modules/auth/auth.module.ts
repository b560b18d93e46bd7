import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AUTH_GUARD_PROVIDERS } from '../../common/auth/auth-guard.provider';
import { CREDENTIAL_RESOLVER } from '../../common/auth/credential-resolver';
import { RateLimitModule } from '../../common/rate-limit/rate-limit.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthCredentialResolver } from './credential.resolver';
import { Session } from './entities/session.entity';
import { TeamMember } from './entities/team-member.entity';
import { User } from './entities/user.entity';
import { MembershipsService } from './memberships.service';
import { MembershipsRepository } from './repositories/memberships.repository';
import { SessionsRepository } from './repositories/sessions.repository';
import { UsersRepository } from './repositories/users.repository';

/**
 * Identity: users, sessions and memberships (`users`, `sessions`, `team_members`), and the credential resolution
 * behind the global guard, which this module registers (with `CREDENTIAL_RESOLVER`). The team module builds on
 * AuthService and MembershipsService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User, Session, TeamMember]), RateLimitModule, WorkspaceModule, ApiKeysModule],
  controllers: [AuthController],
  providers: [
    UsersRepository,
    SessionsRepository,
    MembershipsRepository,
    AuthService,
    MembershipsService,
    { provide: CREDENTIAL_RESOLVER, useClass: AuthCredentialResolver },
    ...AUTH_GUARD_PROVIDERS,
  ],
  exports: [AuthService, MembershipsService],
})
export class AuthModule {}
