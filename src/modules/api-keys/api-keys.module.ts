import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { ApiKey } from './entities/api-key.entity';
import { KeyPowerPolicy } from './key-power.policy';
import { UserDirectory } from './user-directory';

/** API keys: creation, listing, revocation, the credential lookup, and their power following their creator's. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), AuditModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, ApiKeysService, KeyPowerPolicy, UserDirectory],
  exports: [ApiKeysService, UserDirectory],
})
export class ApiKeysModule {}
