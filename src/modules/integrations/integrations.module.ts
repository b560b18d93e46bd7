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
import { IntegrationConfigRepository } from './repositories/integration-config.repository';
import { IntegrationDeliveryRepository } from './repositories/integration-delivery.repository';

/**
 * Integrations (providers as strategies under providers/), their delivery log and health. Uses billing for the plan
 * limit (EntitlementsService) and registers the `integrations` usage meter there; billing never imports this module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IntegrationConfig, IntegrationDelivery]), AuditModule, BillingModule, OutboundHttpModule],
  controllers: [IntegrationsController],
  providers: [IntegrationConfigRepository, IntegrationDeliveryRepository, IntegrationRunner, IntegrationsService, IntegrationsProcessor],
  exports: [IntegrationsService],
})
export class IntegrationsModule {}
