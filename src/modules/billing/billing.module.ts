import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
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
import { BillingAccountRepository } from './repositories/billing-account.repository';
import { InvoiceRepository } from './repositories/invoice.repository';
import { UsageRepository } from './repositories/usage.repository';
import { WebhookEventRepository } from './repositories/webhook-event.repository';
import { PriceCatalog } from './stripe/price-catalog';
import { stripeClientProvider } from './stripe/stripe.client';
import { UsageMeters } from './usage-meters';
import { UsageService } from './usage.service';

/**
 * Plans, Stripe subscriptions, the trace quota and plan limits. Other modules use what it exports:
 * `EntitlementsService` (limits in force), `UsageService` (the quota, on the caller's Tx) and `UsageMeters`
 * (where the modules owning seats and integrations register their counts); they react to plan changes through
 * the `billing.plan_changed` domain event. Its repositories are its own.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([BillingAccount, UsagePeriod, UsageDaily, BillingInvoice, BillingWebhookEvent]),
    AuditModule,
    WorkspaceModule,
  ],
  controllers: [BillingController],
  providers: [
    BillingAccountRepository,
    InvoiceRepository,
    UsageRepository,
    WebhookEventRepository,
    EntitlementsService,
    UsageService,
    BillingService,
    BillingWebhooksService,
    BillingProcessor,
    PriceCatalog,
    stripeClientProvider,
    UsageMeters,
  ],
  exports: [EntitlementsService, UsageService, UsageMeters],
})
export class BillingModule {}
