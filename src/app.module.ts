import { DynamicModule, Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { LoggingModule } from './common/logging';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { OutboxModule } from './common/outbox/outbox.module';
import { DomainEventsModule } from './common/domain-events';
import { ReadinessModule } from './common/health/readiness';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { DOMAIN_MODULES } from './modules';

@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        CryptoModule,
        DatabaseModule,
        OutboxModule,
        DomainEventsModule,
        ReadinessModule,
        IdempotencyModule,
        CommonModule,
        ...DOMAIN_MODULES,
      ],
    };
  }
}
