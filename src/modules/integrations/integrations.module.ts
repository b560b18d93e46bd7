import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboundHttpModule } from '../../common/http/outbound-http';
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
  imports: [
    TypeOrmModule.forFeature([IntegrationConfig, IntegrationDelivery]),
    AuditModule,
    BillingModule,
    OutboundHttpModule,
    IntegrationsUsageModule,
  ],
  controllers: [IntegrationsController],
  providers: [IntegrationRunner, IntegrationsService, IntegrationsProcessor],
  exports: [IntegrationsUsageModule],
})
export class IntegrationsModule {}
