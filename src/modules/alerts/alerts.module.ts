import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { IntegrationsModule } from '../integrations/integrations.module';
import { AlertEvaluator } from './alert-evaluator';
import { AlertRulesController, IncidentsController } from './alerts.controller';
import { AlertsProcessor } from './alerts.processor';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { AlertRule } from './entities/alert-rule.entity';
import { Incident } from './entities/incident.entity';

/**
 * Alert rules over trace summaries (read through ingestion's TraceWindowsService) and their incidents. Events go to
 * the rule's integrations through the outbox (`alert.*` DomainEvents, delivered by the integrations module); the
 * integrations module is asked only which types are configured.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AlertRule, Incident]), AuditModule, IngestionModule, IntegrationsModule],
  controllers: [AlertRulesController, IncidentsController],
  providers: [AlertsRepository, AlertEvaluator, AlertsService, AlertsProcessor],
})
export class AlertsModule {}
