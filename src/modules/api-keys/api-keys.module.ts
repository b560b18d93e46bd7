import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { ApiKey } from './entities/api-key.entity';
import { UserDirectory } from './user-directory';

/** API keys: creation, listing, revocation and the credential lookup. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), AuditModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, ApiKeysService, UserDirectory],
  exports: [ApiKeysService, UserDirectory],
})
export class ApiKeysModule {}
