import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CREDENTIAL_RESOLVER } from '../../common/auth/credential-resolver';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { TeamModule } from '../team/team.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthCredentialResolver } from './credential.resolver';
import { Session } from './entities/session.entity';
import { User } from './entities/user.entity';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User, Session]), WorkspaceModule, TeamModule, ApiKeysModule],
  controllers: [AuthController],
  providers: [AuthService, { provide: CREDENTIAL_RESOLVER, useClass: AuthCredentialResolver }],
  exports: [AuthService, CREDENTIAL_RESOLVER],
})
export class AuthModule {}
