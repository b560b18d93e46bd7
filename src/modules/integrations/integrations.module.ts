import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KEY_RING, KeyRing } from '../../common/crypto/encryption';
import { OutboundHttpModule } from '../../common/http/outbound-http';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuditModule } from '../audit/audit.module';
import { BillingModule } from '../billing/billing.module';
import { IntegrationConfig } from './entities/integration-config.entity';
import { IntegrationDelivery } from './entities/integration-delivery.entity';
import { IntegrationRunner } from './integration-runner';
import { IntegrationsController } from './integrations.controller';
import { IntegrationsProcessor } from './integrations.processor';
import { IntegrationsService } from './integrations.service';
import { IntegrationsUsageModule } from './integrations-usage.service';

@Module({
  imports: [TypeOrmModule.forFeature([IntegrationConfig, IntegrationDelivery]), AuditModule, BillingModule, OutboundHttpModule, IntegrationsUsageModule],
  controllers: [IntegrationsController],
  providers: [
    {
      // Built at start: in production a missing ENCRYPTION_KEYS stops the API and the worker here.
      provide: KEY_RING,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => KeyRing.fromConfig(config, (m) => new Logger('Encryption').warn(m)),
    },
    IntegrationRunner,
    IntegrationsService,
    IntegrationsProcessor,
  ],
  exports: [IntegrationsUsageModule],
})
export class IntegrationsModule {}
