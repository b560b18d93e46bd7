import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { actorOf, Principal } from '../../common/auth/principal';
import { roleAtLeast } from '../../common/auth/roles';
import { conflict, DomainError, forbidden, validationFailed } from '../../common/errors/domain-error';
import { decodeCursor, Page, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { AuditService } from '../audit/audit.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { BillingConfigDto, ChangePlanDto, CheckoutDto, CheckoutSessionDto, DailyUsageDto, InvoiceDto, UsageDto } from './dto/billing.dto';
import { EntitlementsService, entitlementsOf } from './entitlements.service';
import { BillingAccount } from './entities/billing-account.entity';
import { BillingInvoice } from './entities/invoice.entity';
import { isPaidPlan } from './plans';
import { PriceCatalog } from './stripe/price-catalog';
import { callStripe, hasId, isList, STRIPE_CLIENT, stripeNotConfigured } from './stripe/stripe.client';
import { UsageCounters } from './usage-counters';
import { usagePeriod } from './usage.service';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

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

/**
 * Billing settings of a workspace: configuration, plan changes, Stripe Checkout, usage and invoices.
 * Stripe is the source of truth for subscriptions; its webhooks (BillingWebhooksService) keep
 * `billing_config` and `billing_invoices` in step. Plan changes made here are applied locally at
 * once (so an upgrade lifts limits immediately) and confirmed by the webhooks that follow.
 */
@Injectable()
export class BillingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null,
    private readonly prices: PriceCatalog,
    private readonly counters: UsageCounters,
    private readonly entitlements: EntitlementsService,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspaceService,
  ) {}

  async config(workspaceId: string): Promise<BillingConfigDto> {
    return toBillingConfigDto(await this.ds.getRepository(BillingAccount).findOneBy({ workspaceId }));
  }

  /**
   * PUT /billing/plan, checked in API.md's order: (validation by the pipe), owner role, enterprise,
   * Stripe configured, then: paid plan without subscription → 409 checkout_required; paid plan with one →
   * the subscription's price is swapped (prorated); free → the subscription cancels at period end.
   */
  async changePlan(p: Principal, dto: ChangePlanDto, ip: string): Promise<BillingConfigDto> {
    if (!roleAtLeast(p.role, 'owner')) throw forbidden('Only an owner can change the plan');
    if (dto.plan === 'enterprise') throw forbidden('The enterprise plan is sold by contract: contact sales');
    if (isPaidPlan(dto.plan) && !this.stripe) throw stripeNotConfigured();
    // Events Stripe created before this moment describe the subscription before the change: they must not undo it.
    const startedAt = Math.floor(Date.now() / 1000);
    const account = await this.ds.transaction(async (m) => {
      const acc = await this.lockAccount(m, p.workspaceId);
      if (acc.plan === 'enterprise' && acc.status !== 'canceled') throw forbidden('Enterprise contracts are changed through sales');
      const before = { plan: acc.plan, billingCycle: acc.billingCycle, cancelAtPeriodEnd: acc.cancelAtPeriodEnd };
      let effective: 'immediately' | 'period_end';

      if (dto.plan === 'free') {
        if (!hasSubscription(acc)) {
          if (acc.plan === 'free') return acc; // nothing to change
          acc.plan = 'free';
          effective = 'immediately';
        } else {
          if (acc.cancelAtPeriodEnd) return acc; // already scheduled
          const stripe = this.stripe;
          if (!stripe) throw stripeNotConfigured();
          const subscriptionId = acc.stripeSubscriptionId as string;
          await callStripe('subscriptions.update', () => stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true }));
          acc.cancelAtPeriodEnd = true;
          effective = 'period_end';
        }
      } else {
        const stripe = this.stripe as Stripe;
        const plan = dto.plan;
        if (!isPaidPlan(plan)) throw forbidden('The enterprise plan is sold by contract: contact sales');
        if (!hasSubscription(acc)) {
          throw new DomainError(
            'checkout_required',
            'This workspace has no subscription yet: start one with POST /api/v1/billing/checkout',
          );
        }
        const cycle = dto.billingCycle ?? acc.billingCycle;
        if (acc.plan === plan && acc.billingCycle === cycle && !acc.cancelAtPeriodEnd) return acc;
        const price = await this.prices.priceId(plan, cycle);
        const subscriptionId = acc.stripeSubscriptionId as string;
        const subscription = await callStripe(
          'subscriptions.retrieve',
          () => stripe.subscriptions.retrieve(subscriptionId),
          (s) => isList(s?.items),
        );
        const item = subscription.items?.data?.[0];
        if (!item)
          throw new DomainError('upstream_unavailable', 'The subscription has no item to change; contact support', { status: 502 });
        await callStripe('subscriptions.update', () =>
          stripe.subscriptions.update(subscriptionId, {
            items: [{ id: item.id, price }],
            proration_behavior: 'create_prorations',
            cancel_at_period_end: false,
            metadata: { workspaceId: p.workspaceId, plan, billingCycle: cycle },
          }),
        );
        acc.plan = plan;
        acc.billingCycle = cycle;
        acc.cancelAtPeriodEnd = false;
        effective = 'immediately';
      }
      acc.lastSubscriptionEventAt = String(Math.max(Number(acc.lastSubscriptionEventAt ?? 0), startedAt));
      await m.save(acc);
      await this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'billing.plan_changed',
        targetType: 'billing',
        targetId: p.workspaceId,
        metadata: {
          before,
          after: { plan: acc.plan, billingCycle: acc.billingCycle, cancelAtPeriodEnd: acc.cancelAtPeriodEnd },
          effective,
        },
      });
      return acc;
    });
    return toBillingConfigDto(account);
  }

  /** POST /billing/checkout: a Stripe Checkout Session (subscription) for a paid plan; the customer is created once. */
  async checkout(p: Principal, dto: CheckoutDto, ip: string): Promise<CheckoutSessionDto> {
    if (dto.plan === 'free') throw validationFailed('plan', 'must be starter or professional (the free plan needs no checkout)');
    if (dto.plan === 'enterprise') throw forbidden('The enterprise plan is sold by contract: contact sales');
    const plan = dto.plan;
    const stripe = this.stripe;
    if (!stripe) throw stripeNotConfigured();
    const current = await this.ds.getRepository(BillingAccount).findOneBy({ workspaceId: p.workspaceId });
    if (current?.plan === 'enterprise' && current.status !== 'canceled') throw forbidden('Enterprise contracts are changed through sales');
    if (current && hasSubscription(current)) {
      throw conflict('This workspace already has a subscription: change it with PUT /api/v1/billing/plan');
    }
    const price = await this.prices.priceId(plan, dto.billingCycle);
    const customer = await this.ensureCustomer(stripe, p.workspaceId);
    const metadata = { workspaceId: p.workspaceId, plan, billingCycle: dto.billingCycle };
    const session = await callStripe(
      'checkout.sessions.create',
      () =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          customer,
          client_reference_id: p.workspaceId,
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
    await this.ds.transaction((m) =>
      this.audit.record(m, {
        workspaceId: p.workspaceId,
        actor: actorOf(p, ip),
        action: 'billing.checkout_started',
        targetType: 'billing',
        targetId: p.workspaceId,
        metadata: { plan, billingCycle: dto.billingCycle, sessionId: session.id },
      }),
    );
    return { sessionId: session.id, url: session.url };
  }

  async usage(workspaceId: string, now = new Date()): Promise<UsageDto> {
    const { start, end } = usagePeriod(now);
    const [{ limits }, seats, integrations, periodRows, dailyRows] = await Promise.all([
      this.entitlements.get(workspaceId),
      this.counters.seatsUsed(workspaceId),
      this.counters.integrationsUsed(workspaceId),
      this.ds.query(`SELECT traces FROM usage_periods WHERE workspace_id = $1 AND period_start = $2`, [
        workspaceId,
        isoDate(start),
      ]) as Promise<{ traces: string }[]>,
      this.ds.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, traces FROM usage_daily WHERE workspace_id = $1 AND day >= $2 AND day < $3`,
        [workspaceId, isoDate(start), isoDate(end)],
      ) as Promise<{ day: string; traces: string }[]>,
    ]);
    const byDay = new Map(dailyRows.map((r) => [r.day, Number(r.traces)]));
    const daily: DailyUsageDto[] = [];
    for (let d = new Date(start); d < end && d <= now; d = new Date(d.getTime() + 86400_000)) {
      daily.push({ date: isoDate(d), traces: byDay.get(isoDate(d)) ?? 0 });
    }
    return {
      periodStart: start.toISOString(),
      periodEnd: end.toISOString(),
      traces: { used: Number(periodRows[0]?.traces ?? 0), limit: limits.tracesPerMonth },
      seats: { used: seats, limit: limits.seats },
      integrations: { used: integrations, limit: limits.integrations },
      daily,
    };
  }

  /** Our copy of the workspace's invoices, newest first (drafts are not listed until Stripe finalizes them). */
  async invoices(workspaceId: string, q: PageQueryDto): Promise<Page<InvoiceDto>> {
    const limit = pageLimit(q);
    const after = decodeCursor(q.cursor);
    const qb = this.ds
      .getRepository(BillingInvoice)
      .createQueryBuilder('i')
      .where('i.workspace_id = :workspaceId', { workspaceId })
      .andWhere(`i.status <> 'draft'`);
    if (after) qb.andWhere('(i.issued_at, i.id) < (:v::timestamptz, :id::uuid)', { v: after.v, id: after.id });
    const rows = await qb
      .orderBy('i.issued_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    return toPage(rows, limit, (r) => ({ v: r.issuedAt.toISOString(), id: r.id }), toInvoiceDto);
  }

  /** The workspace's Stripe customer, created on first use (row-locked, so exactly once). */
  private async ensureCustomer(stripe: Stripe, workspaceId: string): Promise<string> {
    return this.ds.transaction(async (m) => {
      const acc = await this.lockAccount(m, workspaceId);
      if (acc.stripeCustomerId) return acc.stripeCustomerId;
      const workspace = (await this.workspaces.summaries([workspaceId])).get(workspaceId);
      const customer = await callStripe(
        'customers.create',
        () =>
          stripe.customers.create(
            { name: workspace?.name, email: acc.billingEmail ?? undefined, metadata: { workspaceId } },
            // if our commit fails after Stripe created it, the retry gets the same customer back
            { idempotencyKey: `agentobs-customer-${workspaceId}` },
          ),
        hasId,
      );
      acc.stripeCustomerId = customer.id;
      await m.save(acc);
      return customer.id;
    });
  }

  /** The workspace's billing row, created with the free defaults if missing, locked for the transaction. */
  private async lockAccount(m: EntityManager, workspaceId: string): Promise<BillingAccount> {
    await m.query(`INSERT INTO billing_config (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING`, [workspaceId]);
    return m.getRepository(BillingAccount).findOneOrFail({ where: { workspaceId }, lock: { mode: 'pessimistic_write' } });
  }
}
