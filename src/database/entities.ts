import { User } from '../modules/auth/entities/user.entity';
import { Session } from '../modules/auth/entities/session.entity';
import { Workspace } from '../modules/workspace/entities/workspace.entity';
import { TeamMember } from '../modules/team/entities/team-member.entity';
import { Invitation } from '../modules/team/entities/invitation.entity';
import { ApiKey } from '../modules/api-keys/entities/api-key.entity';
import { AuditLog } from '../modules/audit/entities/audit-log.entity';
import { BillingAccount } from '../modules/billing/entities/billing-account.entity';
import { UsageDaily, UsagePeriod } from '../modules/billing/entities/usage.entity';
import { BillingInvoice } from '../modules/billing/entities/invoice.entity';
import { BillingWebhookEvent } from '../modules/billing/entities/webhook-event.entity';
import { IntegrationConfig } from '../modules/integrations/entities/integration-config.entity';
import { IntegrationDelivery } from '../modules/integrations/entities/integration-delivery.entity';
import { OutboxMessage } from './outbox/outbox.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';

/** Every TypeORM entity (the migration drift check compares these with the migrated schema). */
export const ENTITIES = [
  User,
  Session,
  Workspace,
  TeamMember,
  ApiKey,
  AuditLog,
  OutboxMessage,
  IdempotencyRecord,
  BillingAccount,
  UsagePeriod,
  UsageDaily,
  BillingInvoice,
  BillingWebhookEvent,
  Invitation,
  IntegrationConfig,
  IntegrationDelivery,
];
