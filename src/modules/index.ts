import { AlertsModule } from './alerts/alerts.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { BillingModule } from './billing/billing.module';
import { IntegrationsModule } from './integrations/integrations.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { IngestHealthModule } from './ingest-health/ingest-health.module';
import { OtelModule } from './otel/otel.module';
import { AuthModule } from './auth/auth.module';
import { TeamModule } from './team/team.module';
import { WorkspaceModule } from './workspace/workspace.module';

/** Every domain module; both the API and the worker are built from these. */
export const DOMAIN_MODULES = [
  AuthModule,
  ApiKeysModule,
  WorkspaceModule,
  TeamModule,
  AuditModule,
  BillingModule,
  IntegrationsModule,
  IngestionModule,
  OtelModule,
  IngestHealthModule,
  AlertsModule,
];
