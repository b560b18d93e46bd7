import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { IntegrationsUsageModule } from '../integrations/integrations-usage.service';
import { WorkspaceModule } from '../workspace/workspace.module';
import { BillingWebhooksService } from './billing-webhooks.service';
import { BillingController } from './billing.controller';
import { BillingProcessor } from './billing.processor';
import { BillingService } from './billing.service';
import { EntitlementsService } from './entitlements.service';
import { BillingAccount } from './entities/billing-account.entity';
import { BillingInvoice } from './entities/invoice.entity';
import { UsageDaily, UsagePeriod } from './entities/usage.entity';
import { BillingWebhookEvent } from './entities/webhook-event.entity';
import { PriceCatalog } from './stripe/price-catalog';
import { stripeClientProvider } from './stripe/stripe.client';
import { SqlUsageCounters, UsageCounters } from './usage-counters';
import { UsageMeters } from './usage-meters';
import { UsageService } from './usage.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([BillingAccount, UsagePeriod, UsageDaily, BillingInvoice, BillingWebhookEvent]),
    AuditModule,
    WorkspaceModule,
    IntegrationsUsageModule,
  ],
  controllers: [BillingController],
  providers: [
    EntitlementsService,
    UsageService,
    BillingService,
    BillingWebhooksService,
    BillingProcessor,
    PriceCatalog,
    stripeClientProvider,
    { provide: UsageCounters, useClass: SqlUsageCounters },
    UsageMeters,
  ],
  exports: [EntitlementsService, UsageService, UsageCounters, UsageMeters],
})
export class BillingModule {}
