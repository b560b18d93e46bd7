import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { Actor, auditActor } from '../../common/auth/principal';
import { roleAtLeast } from '../../common/auth/roles';
import { DomainEvents } from '../../common/domain-events';
import { conflict, DomainError, forbidden, validationFailed } from '../../common/errors/domain-error';
import { reportSwallowed } from '../../common/metrics/swallowed';
import { decodeCursor, Page, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { newId } from '../../database/columns';
import { Db } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { WorkspaceService } from '../workspace/workspace.service';
import {
  BillingConfigDto,
  ChangePlanDto,
  CheckoutDto,
  CheckoutSessionDto,
  DailyUsageDto,
  InvoiceDto,
  PlanCatalogDto,
  UsageDto,
} from './dto/billing.dto';
import { EntitlementsService, entitlementsOf } from './entitlements.service';
import { BillingAccount } from './entities/billing-account.entity';
import { BillingInvoice } from './entities/invoice.entity';
import { publishIfPlanChanged, planState } from './plan-changed';
import { BillingCycle, isPaidPlan, PaidPlanId, PLAN_IDS, PLANS } from './plans';
import { BillingAccountRepository } from './repositories/billing-account.repository';
import { InvoiceRepository } from './repositories/invoice.repository';
import { UsageRepository } from './repositories/usage.repository';
import { PriceCatalog } from './stripe/price-catalog';
import { callStripe, hasId, isList, STRIPE_CLIENT, stripeNotConfigured } from './stripe/stripe.client';
import { UsageMeters } from './usage-meters';
import { isoDate, usagePeriod } from './usage.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * How long a plan change may stay reserved: well past the worst case of its Stripe calls (3 of them, each with a
 * 10 s timeout and 2 retries), so it only ever expires when the process that made it died before ending it.
 */
export const PLAN_CHANGE_RESERVATION_SECONDS = 120;

export function toBillingConfigDto(account: BillingAccount | null, now = new Date()): BillingConfigDto {
  const { limits } = entitlementsOf(account, now);
  return {
    plan: account?.plan ?? 'free',
    status: account?.status ?? 'active',
    billingCycle: account?.billingCycle ?? 'monthly',
    currentPeriodStart: iso(account?.currentPeriodStart ?? null),
    currentPeriodEnd: iso(account?.currentPeriodEnd ?? null),
    cancelAtPeriodEnd: account?.cancelAtPeriodEnd ?? false,
    limits: { ...limits },
    billingEmail: account?.billingEmail ?? null,
    hasPaymentMethod: account?.hasPaymentMethod ?? false,
  };
}

const toInvoiceDto = (i: BillingInvoice): InvoiceDto => ({
  id: i.id,
  stripeInvoiceId: i.stripeInvoiceId,
  number: i.number,
  status: i.status,
  amountDue: Number(i.amountDue),
  amountPaid: Number(i.amountPaid),
  currency: i.currency,
  periodStart: iso(i.periodStart),
  periodEnd: iso(i.periodEnd),
  hostedInvoiceUrl: i.hostedInvoiceUrl,
  pdfUrl: i.pdfUrl,
  createdAt: i.issuedAt.toISOString(),
});

/** An active (not ended) Stripe subscription is attached to the workspace. */
const hasSubscription = (a: BillingAccount) => a.stripeSubscriptionId !== null && a.status !== 'canceled';

/** What a plan change does, decided from the account as it was when the change was reserved. */
type PlanChange =
  | { kind: 'none' }
  /** no subscription to touch (e.g. a lapsed paid plan back to free): applied locally at once */
  | { kind: 'local' }
  /** to free with a subscription: it cancels at the period end */
  | { kind: 'cancel'; subscriptionId: string }
  /** to another paid plan or cycle: the subscription's price is swapped, prorated */
  | { kind: 'price'; subscriptionId: string; plan: PaidPlanId; cycle: BillingCycle };

const changeInProgress = () =>
  new DomainError('conflict', 'Another plan change of this workspace is in progress; try again in a few seconds', {
    headers: { 'Retry-After': '5' },
  });

/**
 * Billing settings of a workspace: configuration, plan changes, Stripe Checkout, usage and invoices.
 * Stripe is the source of truth for subscriptions; its webhooks (BillingWebhooksService) keep
 * `billing_config` and `billing_invoices` in step. Plan changes made here are applied locally at
 * once (so an upgrade lifts limits immediately) and confirmed by the webhooks that follow.
 *
 * No Stripe call runs inside a database transaction (DESIGN.md): a plan change is reserved first (one
 * statement, no lock kept), Stripe is called with an idempotency key, then one short transaction confirms it.
 */
@Injectable()
export class BillingService {
  private readonly logger = new Logger('Billing');

  constructor(
    private readonly db: Db,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
    private readonly prices: PriceCatalog,
    private readonly accounts: BillingAccountRepository,
    private readonly invoiceCopies: InvoiceRepository,
    private readonly usageCounts: UsageRepository,
    private readonly meters: UsageMeters,
    private readonly entitlements: EntitlementsService,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspaceService,
    private readonly events: DomainEvents,
  ) {}

  /** The plan catalogue (plans.ts), for plan pickers: default limits and list prices. */
  plans(): PlanCatalogDto {
    return {
      data: PLAN_IDS.map((id) => {
        const p = PLANS[id];
        return {
          id: p.id,
          name: p.name,
          description: p.description,
          limits: { ...p.limits },
          priceMonthlyUsd: p.priceMonthlyUsd,
          priceYearlyUsd: p.priceYearlyUsd,
          selfServe: p.selfServe,
        };
      }),
    };
  }

  async config(actor: Actor): Promise<BillingConfigDto> {
    return toBillingConfigDto(await this.accounts.find(actor.workspaceId));
  }

  /**
   * PUT /billing/plan, checked in API.md's order: (validation by the pipe), owner role, enterprise,
   * Stripe configured, then: paid plan without subscription → 409 checkout_required; paid plan with one →
   * the subscription's price is swapped (prorated); free → the subscription cancels at period end.
   *
   * 1. Reserve: one conditional UPDATE marks the change in flight (a concurrent change of the workspace → 409
   *    `conflict`, so Stripe is never asked twice); no lock is held after it.
   * 2. Stripe, with the reservation's idempotency key, while config, usage and webhooks of the workspace proceed.
   * 3. Confirm: one short transaction locks the row, checks the reservation is still ours and the subscription the
   *    one changed, applies, audits and publishes `billing.plan_changed`. On any failure the reservation is released.
   */
  async changePlan(actor: Actor, dto: ChangePlanDto): Promise<BillingConfigDto> {
    const workspaceId = actor.workspaceId;
    if (!roleAtLeast(actor.principal.role, 'owner')) throw forbidden('Only an owner can change the plan');
    if (dto.plan === 'enterprise') throw forbidden('The enterprise plan is sold by contract: contact sales');
    if (isPaidPlan(dto.plan) && !this.stripe) throw stripeNotConfigured();

    const changeId = newId();
    if (!(await this.accounts.reserveChange(workspaceId, changeId, PLAN_CHANGE_RESERVATION_SECONDS))) throw changeInProgress();
    let ended = false;
    try {
      // read after reserving: no other plan change of the workspace runs until this one ends
      const seen = (await this.accounts.find(workspaceId)) as BillingAccount;
      const change = this.decide(seen, dto);
      if (change.kind === 'none') return toBillingConfigDto(seen);
      const effective = change.kind === 'cancel' ? 'period_end' : 'immediately';
      let startedAt = Math.floor(Date.now() / 1000);
      if (change.kind === 'cancel' || change.kind === 'price') {
        const stripe = this.stripe;
        if (!stripe) throw stripeNotConfigured();
        const params: Stripe.SubscriptionUpdateParams =
          change.kind === 'cancel'
            ? { cancel_at_period_end: true }
            : await this.priceChange(stripe, workspaceId, change.subscriptionId, change.plan, change.cycle);
        // Events Stripe created before this moment describe the subscription before the change: they must not undo it.
        startedAt = Math.floor(Date.now() / 1000);
        await callStripe('subscriptions.update', () =>
          stripe.subscriptions.update(change.subscriptionId, params, { idempotencyKey: `agentobs-plan-${changeId}` }),
        );
      }
      const account = await this.db.transaction(async (tx) => {
        const acc = await this.accounts.lock(tx, workspaceId);
        if (acc.pendingChangeId !== changeId) {
          this.logger.warn({ workspaceId, changeId }, 'plan change reservation lost before it was confirmed');
          throw conflict('This plan change was superseded by another one; reload the billing settings');
        }
        if (change.kind !== 'local' && acc.stripeSubscriptionId !== change.subscriptionId) {
          this.logger.warn({ workspaceId, changeId }, 'the subscription changed while the plan change was in flight; left to the webhooks');
          throw conflict('The subscription changed meanwhile (a Stripe event arrived); reload the billing settings and try again');
        }
        const inForceBefore = planState(acc);
        if (change.kind === 'local') acc.plan = 'free';
        else if (change.kind === 'cancel') acc.cancelAtPeriodEnd = true;
        else {
          acc.plan = change.plan;
          acc.billingCycle = change.cycle;
          acc.cancelAtPeriodEnd = false;
        }
        acc.lastSubscriptionEventAt = String(Math.max(Number(acc.lastSubscriptionEventAt ?? 0), startedAt));
        acc.pendingChangeId = null;
        acc.pendingChangeExpiresAt = null;
        await this.accounts.save(tx, acc);
        await this.audit.record(tx, {
          workspaceId,
          actor: auditActor(actor),
          action: 'billing.plan_changed',
          targetType: 'billing',
          targetId: workspaceId,
          metadata: {
            before: { plan: seen.plan, billingCycle: seen.billingCycle, cancelAtPeriodEnd: seen.cancelAtPeriodEnd },
            after: { plan: acc.plan, billingCycle: acc.billingCycle, cancelAtPeriodEnd: acc.cancelAtPeriodEnd },
            effective,
          },
        });
        await publishIfPlanChanged(this.events, tx, workspaceId, inForceBefore, planState(acc), 'api');
        return acc;
      });
      ended = true;
      return toBillingConfigDto(account);
    } finally {
      if (!ended) {
        await this.accounts
          .releaseChange(workspaceId, changeId)
          .catch((err) => reportSwallowed('billing.plan_change_release', err, { workspaceId, changeId })); // expires on its own
      }
    }
  }

  private decide(acc: BillingAccount, dto: ChangePlanDto): PlanChange {
    if (acc.plan === 'enterprise' && acc.status !== 'canceled') throw forbidden('Enterprise contracts are changed through sales');
    if (dto.plan === 'free') {
      if (!hasSubscription(acc)) return acc.plan === 'free' ? { kind: 'none' } : { kind: 'local' };
      if (acc.cancelAtPeriodEnd) return { kind: 'none' }; // already scheduled
      if (!this.stripe) throw stripeNotConfigured();
      return { kind: 'cancel', subscriptionId: acc.stripeSubscriptionId as string };
    }
    const plan = dto.plan;
    if (!isPaidPlan(plan)) throw forbidden('The enterprise plan is sold by contract: contact sales');
    if (!hasSubscription(acc)) {
      throw new DomainError('checkout_required', 'This workspace has no subscription yet: start one with POST /api/v1/billing/checkout');
    }
    const cycle = dto.billingCycle ?? acc.billingCycle;
    if (acc.plan === plan && acc.billingCycle === cycle && !acc.cancelAtPeriodEnd) return { kind: 'none' };
    return { kind: 'price', subscriptionId: acc.stripeSubscriptionId as string, plan, cycle };
  }

  /** The update that moves the subscription's (first) item to the plan's price, prorated, and resumes it. */
  private async priceChange(
    stripe: Stripe,
    workspaceId: string,
    subscriptionId: string,
    plan: PaidPlanId,
    cycle: BillingCycle,
  ): Promise<Stripe.SubscriptionUpdateParams> {
    const price = await this.prices.priceId(plan, cycle);
    const subscription = await callStripe(
      'subscriptions.retrieve',
      () => stripe.subscriptions.retrieve(subscriptionId),
      (s) => isList(s?.items),
    );
    const item = subscription.items?.data?.[0];
    if (!item) throw new DomainError('upstream_unavailable', 'The subscription has no item to change; contact support', { status: 502 });
    return {
      items: [{ id: item.id, price }],
      proration_behavior: 'create_prorations',
      cancel_at_period_end: false,
      metadata: { workspaceId, plan, billingCycle: cycle },
    };
  }

  /** POST /billing/checkout: a Stripe Checkout Session (subscription) for a paid plan; the customer is created once. */
  async checkout(actor: Actor, dto: CheckoutDto): Promise<CheckoutSessionDto> {
    const workspaceId = actor.workspaceId;
    if (dto.plan === 'free') throw validationFailed('plan', 'must be starter or professional (the free plan needs no checkout)');
    if (dto.plan === 'enterprise') throw forbidden('The enterprise plan is sold by contract: contact sales');
    const plan = dto.plan;
    const stripe = this.stripe;
    if (!stripe) throw stripeNotConfigured();
    const current = await this.accounts.find(workspaceId);
    if (current?.plan === 'enterprise' && current.status !== 'canceled') throw forbidden('Enterprise contracts are changed through sales');
    if (current && hasSubscription(current)) {
      throw conflict('This workspace already has a subscription: change it with PUT /api/v1/billing/plan');
    }
    const price = await this.prices.priceId(plan, dto.billingCycle);
    const customer = await this.ensureCustomer(stripe, workspaceId, current);
    const metadata = { workspaceId, plan, billingCycle: dto.billingCycle };
    const session = await callStripe(
      'checkout.sessions.create',
      () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          customer,
          client_reference_id: workspaceId,
          line_items: [{ price, quantity: 1 }],
          success_url: dto.successUrl,
          cancel_url: dto.cancelUrl,
          metadata,
          subscription_data: { metadata },
        }),
      hasId,
    );
    if (typeof session.url !== 'string' || !/^https?:\/\//.test(session.url))
      throw new DomainError('upstream_unavailable', 'The payment provider returned no checkout page; try again', { status: 502 });
    await this.db.transaction((tx) =>
      this.audit.record(tx, {
        workspaceId,
        actor: auditActor(actor),
        action: 'billing.checkout_started',
        targetType: 'billing',
        targetId: workspaceId,
        metadata: { plan, billingCycle: dto.billingCycle, sessionId: session.id },
      }),
    );
    return { sessionId: session.id, url: session.url };
  }

  async usage(actor: Actor, now = new Date()): Promise<UsageDto> {
    const workspaceId = actor.workspaceId;
    const { start, end } = usagePeriod(now);
    const [{ limits }, seats, integrations, traces, byDay] = await Promise.all([
      this.entitlements.get(workspaceId),
      this.meters.used('seats', workspaceId),
      this.meters.used('integrations', workspaceId),
      this.usageCounts.periodTraces(workspaceId, isoDate(start)),
      this.usageCounts.dailyTraces(workspaceId, isoDate(start), isoDate(end)),
    ]);
    const daily: DailyUsageDto[] = [];
    for (let d = new Date(start); d < end && d <= now; d = new Date(d.getTime() + 86400_000)) {
      daily.push({ date: isoDate(d), traces: byDay.get(isoDate(d)) ?? 0 });
    }
    return {
      periodStart: start.toISOString(),
      periodEnd: end.toISOString(),
      traces: { used: traces, limit: limits.tracesPerMonth },
      seats: { used: seats, limit: limits.seats },
      integrations: { used: integrations, limit: limits.integrations },
      daily,
    };
  }

  /** Our copy of the workspace's invoices, newest first (drafts are not listed until Stripe finalizes them). */
  async invoices(actor: Actor, q: PageQueryDto): Promise<Page<InvoiceDto>> {
    const limit = pageLimit(q);
    const rows = await this.invoiceCopies.page(actor.workspaceId, decodeCursor(q.cursor), limit + 1);
    return toPage(rows, limit, (r) => ({ v: r.issuedAt.toISOString(), id: r.id }), toInvoiceDto);
  }

  /**
   * The workspace's Stripe customer, created on first use. No lock is held while Stripe creates it: the
   * idempotency key (one per workspace) makes concurrent first checkouts get the same customer from Stripe, and
   * the first to link one wins.
   */
  private async ensureCustomer(stripe: Stripe, workspaceId: string, account: BillingAccount | null): Promise<string> {
    if (account?.stripeCustomerId) return account.stripeCustomerId;
    const workspace = (await this.workspaces.summaries([workspaceId])).get(workspaceId);
    const customer = await callStripe(
      'customers.create',
      () =>
        stripe.customers.create(
          { name: workspace?.name, email: account?.billingEmail ?? undefined, metadata: { workspaceId } },
          // a retry (ours, or after a failure to store it) gets the same customer back
          { idempotencyKey: `agentobs-customer-${workspaceId}` },
        ),
      hasId,
    );
    const linked = await this.accounts.linkCustomer(workspaceId, customer.id);
    if (linked !== customer.id) this.logger.warn({ workspaceId }, 'another request linked a Stripe customer first; this one stays unused');
    return linked;
  }
}
