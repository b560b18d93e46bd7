import { Initial1795608632669 } from './1795608632669-Initial';
import { Billing1795608927309 } from './1795608927309-Billing';
import { Traces1795609357477 } from './1795609357477-Traces';
import { Invitations1795609395046 } from './1795609395046-Invitations';
import { BillingInvoices1795609476690 } from './1795609476690-BillingInvoices';
import { Integrations1795609795587 } from './1795609795587-Integrations';
import { SpanKindsAndUnknownCosts1796529619533 } from './1796529619533-SpanKindsAndUnknownCosts';
import { BillingPlanChangeReservation1796531328795 } from './1796531328795-BillingPlanChangeReservation';
import { ApiKeyCreatorsFromAudit1796600000000 } from './1796600000000-ApiKeyCreatorsFromAudit';
import { TraceRegistry1796600000100 } from './1796600000100-TraceRegistry';
import { TraceAggregates1796610000000 } from './1796610000000-TraceAggregates';
import { ApiKeysV21796620000000 } from './1796620000000-ApiKeysV2';
import { TraceExplorer1796630000000 } from './1796630000000-TraceExplorer';
import { IngestHealth1796640000000 } from './1796640000000-IngestHealth';
import { Alerts1796650000000 } from './1796650000000-Alerts';
import { TraceDeltas1796660000000 } from './1796660000000-TraceDeltas';

/** Migrations in order. `node dist/scripts/migrations.js generate <Name>` appends here. */
export const MIGRATIONS: Function[] = [
  Initial1795608632669,
  Billing1795608927309,
  Traces1795609357477,
  Invitations1795609395046,
  BillingInvoices1795609476690,
  Integrations1795609795587,
  SpanKindsAndUnknownCosts1796529619533,
  BillingPlanChangeReservation1796531328795,
  ApiKeyCreatorsFromAudit1796600000000,
  TraceRegistry1796600000100,
  TraceAggregates1796610000000,
  ApiKeysV21796620000000,
  TraceExplorer1796630000000,
  IngestHealth1796640000000,
  Alerts1796650000000,
  TraceDeltas1796660000000,
];
