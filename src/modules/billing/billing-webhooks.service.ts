import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../database/columns';
import { AuditService } from '../audit/audit.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { WebhookAckDto } from './dto/billing.dto';
import { BillingAccount, SubscriptionStatus } from './entities/billing-account.entity';
import { InvoiceStatus } from './entities/invoice.entity';
import { WebhookOutcome } from './entities/webhook-event.entity';
import { BILLING_CYCLES, BillingCycle, PAID_PLAN_IDS, PaidPlanId } from './plans';
import { parseLookupKey } from './stripe/price-catalog';

const MAX_SIGNATURE_LENGTH = 4096;

type Id = string | { id: string } | null | undefined;
const idOf = (v: Id): string | null => (typeof v === 'string' ? v : (v?.id ?? null));
const at = (unix: number | null | undefined) => (typeof unix === 'number' ? new Date(unix * 1000) : null);

/** Stripe subscription status → ours. `unpaid` is still past_due (grace), `paused` has no paid entitlements. */
export function mapSubscriptionStatus(status: string): SubscriptionStatus {
  switch (status) {
    case 'active':
      return 'active';
    case 'trialing':
      return 'trialing';
    case 'past_due':
    case 'unpaid':
      return 'past_due';
    case 'canceled':
    case 'incomplete_expired':
      return 'canceled';
    default:
      return 'incomplete'; // incomplete, paused, anything new
  }
}

const INVOICE_STATUS: Record<string, InvoiceStatus> = {
  draft: 'draft',
  open: 'open',
  paid: 'paid',
  uncollectible: 'uncollectible',
  void: 'void',
};

function planFromMetadata(md: Record<string, string> | null | undefined): { plan: PaidPlanId; cycle: BillingCycle | null } | null {
  const plan = md?.plan as PaidPlanId | undefined;
  if (!plan || !(PAID_PLAN_IDS as readonly string[]).includes(plan)) return null;
  const cycle = md?.billingCycle as BillingCycle | undefined;
  return { plan, cycle: cycle && (BILLING_CYCLES as readonly string[]).includes(cycle) ? cycle : null };
}

/** Plan and cycle a subscription pays for: its price's lookup key, else price or subscription metadata. */
export function planOfSubscription(sub: Stripe.Subscription): { plan: PaidPlanId; cycle: BillingCycle | null } | null {
  const price = sub.items?.data?.[0]?.price;
  const byKey = parseLookupKey(price?.lookup_key);
  if (byKey) return byKey;
  const byMeta = planFromMetadata(price?.metadata) ?? planFromMetadata(sub.metadata);
  if (!byMeta) return null;
  const interval = price?.recurring?.interval;
  return { plan: byMeta.plan, cycle: byMeta.cycle ?? (interval === 'year' ? 'yearly' : interval === 'month' ? 'monthly' : null) };
}

type Snapshot = Pick<BillingAccount, 'plan' | 'billingCycle' | 'status' | 'cancelAtPeriodEnd'>;
const snapshot = (a: BillingAccount): Snapshot => ({
  plan: a.plan,
  billingCycle: a.billingCycle,
  status: a.status,
  cancelAtPeriodEnd: a.cancelAtPeriodEnd,
});

interface Applied {
  outcome: WebhookOutcome;
  workspaceId: string | null;
}
const ignored: Applied = { outcome: 'ignored', workspaceId: null };

/**
 * POST /billing/webhooks: verifies Stripe's signature over the raw body, then applies each event once
 * (its id is recorded in the same transaction). Subscription state never moves backwards: an event
 * created before the last one applied (billing_config.last_subscription_event_at) is recorded as
 * `stale` and changes nothing; ties are applied in arrival order. Invoices are versioned the same way
 * per invoice. Event types we do not use are acknowledged and ignored.
 */
@Injectable()
export class BillingWebhooksService {
  private readonly logger = new Logger('BillingWebhooks');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workspaces: WorkspaceService,
    private readonly audit: AuditService,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | string[] | undefined): Promise<WebhookAckDto> {
    const event = this.verify(rawBody, signature);
    await this.ds.transaction(async (m) => {
      const fresh = (await m.query(
        `INSERT INTO billing_webhook_events (id, type, event_created, outcome) VALUES ($1, $2, $3, 'ignored')
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [event.id, event.type, event.created],
      )) as unknown[];
      if (!fresh.length) {
        this.logger.log({ eventId: event.id, type: event.type }, 'stripe event already processed');
        return;
      }
      const result = await this.apply(m, event);
      await m.query(`UPDATE billing_webhook_events SET outcome = $2, workspace_id = $3 WHERE id = $1`, [
        event.id,
        result.outcome,
        result.workspaceId,
      ]);
      this.logger.log(
        { eventId: event.id, type: event.type, workspaceId: result.workspaceId, outcome: result.outcome },
        'stripe event processed',
      );
    });
    return { received: true };
  }

  /** Checks the signature (and timestamp tolerance) over the exact bytes received. */
  verify(rawBody: Buffer | undefined, signature: string | string[] | undefined): Stripe.Event {
    const secret = this.config.stripe.webhookSecret;
    if (!secret) throw new DomainError('upstream_unavailable', 'Stripe webhooks are not configured on this server');
    const header = Array.isArray(signature) ? signature[0] : signature;
    if (!header) {
      throw new DomainError('validation_failed', 'The Stripe-Signature header is missing', {
        errors: [{ field: 'Stripe-Signature', message: 'is required' }],
      });
    }
    const invalid = () =>
      new DomainError('validation_failed', 'The Stripe-Signature header does not match the payload', {
        errors: [{ field: 'Stripe-Signature', message: 'does not match the payload' }],
      });
    if (header.length > MAX_SIGNATURE_LENGTH || !rawBody) throw invalid();
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(rawBody, header, secret);
    } catch {
      throw invalid();
    }
    const e = event as Partial<Stripe.Event>;
    if (
      typeof e.id !== 'string' ||
      !e.id ||
      e.id.length > 255 ||
      typeof e.type !== 'string' ||
      e.type.length > 100 ||
      !Number.isInteger(e.created) ||
      typeof e.data?.object !== 'object' ||
      e.data.object === null
    ) {
      throw new DomainError('validation_failed', 'The payload is not a Stripe event');
    }
    return event;
  }

  private apply(m: EntityManager, event: Stripe.Event): Promise<Applied> {
    switch (event.type) {
      case 'checkout.session.completed':
        return this.onCheckoutCompleted(m, event, event.data.object);
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
      case 'customer.subscription.paused':
      case 'customer.subscription.resumed':
        return this.onSubscription(m, event, event.data.object);
      case 'invoice.created':
      case 'invoice.finalized':
      case 'invoice.updated':
      case 'invoice.paid':
      case 'invoice.payment_succeeded':
      case 'invoice.payment_failed':
      case 'invoice.voided':
      case 'invoice.marked_uncollectible':
      case 'invoice.deleted':
        return this.onInvoice(m, event, event.data.object);
      default:
        return Promise.resolve(ignored);
    }
  }

  private async onCheckoutCompleted(m: EntityManager, event: Stripe.Event, session: Stripe.Checkout.Session): Promise<Applied> {
    if (session.mode !== 'subscription') return ignored;
    const customerId = idOf(session.customer);
    const acc = await this.account(m, customerId, session.metadata?.workspaceId ?? session.client_reference_id);
    if (!acc) return ignored;
    const before = snapshot(acc);
    acc.stripeCustomerId ??= customerId;
    const email = session.customer_details?.email ?? session.customer_email;
    if (email && email.length <= 254) acc.billingEmail = email.toLowerCase();
    if (session.payment_status === 'paid') acc.hasPaymentMethod = true;
    const subscriptionId = idOf(session.subscription);
    let outcome: WebhookOutcome = 'applied';
    if (this.isStale(acc, event)) outcome = 'stale';
    else if (subscriptionId) {
      acc.stripeSubscriptionId = subscriptionId;
      const bought = planFromMetadata(session.metadata);
      if (bought) {
        acc.plan = bought.plan;
        acc.billingCycle = bought.cycle ?? acc.billingCycle;
      }
      acc.status = session.payment_status === 'unpaid' ? 'incomplete' : 'active';
      acc.cancelAtPeriodEnd = false;
      acc.pastDueSince = null;
      acc.lastSubscriptionEventAt = String(event.created);
    }
    await this.save(m, acc, before, event);
    return { outcome, workspaceId: acc.workspaceId };
  }

  private async onSubscription(m: EntityManager, event: Stripe.Event, sub: Stripe.Subscription): Promise<Applied> {
    const customerId = idOf(sub.customer);
    const acc = await this.account(m, customerId, sub.metadata?.workspaceId);
    if (!acc) return ignored;
    const workspaceId = acc.workspaceId;
    if (this.isStale(acc, event)) return { outcome: 'stale', workspaceId };
    const status = mapSubscriptionStatus(sub.status);
    const ended = event.type === 'customer.subscription.deleted' || status === 'canceled';
    if (acc.stripeSubscriptionId && acc.stripeSubscriptionId !== sub.id && ended) {
      return { outcome: 'ignored', workspaceId }; // an older subscription ending does not touch the current one
    }
    const before = snapshot(acc);
    acc.stripeCustomerId ??= customerId;
    if (ended) {
      acc.plan = 'free';
      acc.status = 'canceled';
      acc.stripeSubscriptionId = null;
      acc.cancelAtPeriodEnd = false;
      acc.currentPeriodStart = null;
      acc.currentPeriodEnd = null;
      acc.pastDueSince = null;
    } else {
      acc.stripeSubscriptionId = sub.id;
      const bought = planOfSubscription(sub);
      if (bought) {
        acc.plan = bought.plan;
        acc.billingCycle = bought.cycle ?? acc.billingCycle;
      } else {
        this.logger.warn({ workspaceId, subscriptionId: sub.id }, 'subscription price is not one of our plans; plan left unchanged');
      }
      acc.pastDueSince =
        status === 'past_due' ? (acc.status === 'past_due' && acc.pastDueSince ? acc.pastDueSince : at(event.created)) : null;
      acc.status = status;
      // Since API version 2025-03-31 the period lives on the subscription items.
      const item = sub.items?.data?.[0] as
        (Stripe.SubscriptionItem & { current_period_start?: number; current_period_end?: number }) | undefined;
      const legacy = sub as unknown as { current_period_start?: number; current_period_end?: number };
      acc.currentPeriodStart = at(item?.current_period_start ?? legacy.current_period_start) ?? acc.currentPeriodStart;
      acc.currentPeriodEnd = at(item?.current_period_end ?? legacy.current_period_end) ?? acc.currentPeriodEnd;
      acc.cancelAtPeriodEnd = Boolean(sub.cancel_at_period_end);
      if (sub.default_payment_method) acc.hasPaymentMethod = true;
    }
    acc.lastSubscriptionEventAt = String(event.created);
    await this.save(m, acc, before, event);
    return { outcome: 'applied', workspaceId };
  }

  private async onInvoice(m: EntityManager, event: Stripe.Event, inv: Stripe.Invoice): Promise<Applied> {
    if (!inv.id) return ignored;
    const loose = inv as Stripe.Invoice & { subscription?: Id };
    const subscriptionId = idOf(inv.parent?.subscription_details?.subscription) ?? idOf(loose.subscription);
    const acc = await this.account(
      m,
      idOf(inv.customer),
      inv.parent?.subscription_details?.metadata?.workspaceId ?? inv.metadata?.workspaceId,
    );
    if (!acc) return ignored;
    const workspaceId = acc.workspaceId;
    const before = snapshot(acc);
    if (event.type === 'invoice.deleted') {
      await m.query(`DELETE FROM billing_invoices WHERE stripe_invoice_id = $1 AND workspace_id = $2`, [inv.id, workspaceId]);
      return { outcome: 'applied', workspaceId };
    }
    const period = inv.lines?.data?.[0]?.period;
    const saved = (await m.query(
      `INSERT INTO billing_invoices (id, workspace_id, stripe_invoice_id, number, status, amount_due, amount_paid, currency,
         period_start, period_end, hosted_invoice_url, pdf_url, issued_at, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (stripe_invoice_id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status,
         amount_due = EXCLUDED.amount_due, amount_paid = EXCLUDED.amount_paid, currency = EXCLUDED.currency,
         period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, hosted_invoice_url = EXCLUDED.hosted_invoice_url,
         pdf_url = EXCLUDED.pdf_url, last_event_at = EXCLUDED.last_event_at, updated_at = now()
       WHERE billing_invoices.last_event_at <= EXCLUDED.last_event_at AND billing_invoices.workspace_id = EXCLUDED.workspace_id
       RETURNING id`,
      [
        newId(),
        workspaceId,
        inv.id,
        inv.number?.slice(0, 64) ?? null,
        INVOICE_STATUS[inv.status ?? 'draft'] ?? 'open',
        inv.amount_due ?? 0,
        inv.amount_paid ?? 0,
        (inv.currency ?? 'usd').slice(0, 3).toLowerCase(),
        at(period?.start ?? inv.period_start),
        at(period?.end ?? inv.period_end),
        inv.hosted_invoice_url ?? null,
        inv.invoice_pdf ?? null,
        at(inv.created) ?? at(event.created),
        event.created,
      ],
    )) as unknown[];
    let outcome: WebhookOutcome = saved.length ? 'applied' : 'stale';

    // Payment outcomes move the subscription in and out of past_due (the subscription events confirm it).
    const ours = subscriptionId !== null && subscriptionId === acc.stripeSubscriptionId;
    const failed = event.type === 'invoice.payment_failed' && (acc.status === 'active' || acc.status === 'trialing');
    const recovered = (event.type === 'invoice.paid' || event.type === 'invoice.payment_succeeded') && acc.status === 'past_due';
    if (ours && (failed || recovered)) {
      if (this.isStale(acc, event)) outcome = 'stale';
      else {
        acc.status = failed ? 'past_due' : 'active';
        acc.pastDueSince = failed ? at(event.created) : null;
        acc.lastSubscriptionEventAt = String(event.created);
      }
    }
    if (ours && inv.status === 'paid' && (inv.amount_paid ?? 0) > 0) acc.hasPaymentMethod = true;
    await this.save(m, acc, before, event);
    return { outcome, workspaceId };
  }

  /** Saves the row; a change of plan, cycle, status or scheduled cancellation is audited (actor: system). */
  private async save(m: EntityManager, acc: BillingAccount, before: Snapshot, event: Stripe.Event): Promise<void> {
    await m.save(acc);
    const after = snapshot(acc);
    const changed = (Object.keys(after) as (keyof Snapshot)[]).filter((k) => after[k] !== before[k]);
    if (!changed.length) return;
    await this.audit.record(m, {
      workspaceId: acc.workspaceId,
      actor: { type: 'system', id: null },
      action: 'billing.plan_changed',
      targetType: 'billing',
      targetId: acc.workspaceId,
      metadata: { before, after, changed, source: 'stripe', stripeEventId: event.id, stripeEventType: event.type },
    });
  }

  private isStale(acc: BillingAccount, event: Stripe.Event): boolean {
    return acc.lastSubscriptionEventAt !== null && event.created < Number(acc.lastSubscriptionEventAt);
  }

  /**
   * The billing row an event is about, locked: by Stripe customer id, else by the workspace id we put in
   * the metadata (created then, for the first event of a new customer). A workspace id whose row is
   * linked to another customer is not trusted.
   */
  private async account(
    m: EntityManager,
    customerId: string | null,
    workspaceId: string | null | undefined,
  ): Promise<BillingAccount | null> {
    const repo = m.getRepository(BillingAccount);
    if (customerId) {
      const byCustomer = await repo.findOne({ where: { stripeCustomerId: customerId }, lock: { mode: 'pessimistic_write' } });
      if (byCustomer) return byCustomer;
    }
    if (!workspaceId || !isUUID(workspaceId)) return null;
    if (!(await this.workspaces.summaries([workspaceId])).has(workspaceId)) return null;
    await m.query(`INSERT INTO billing_config (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING`, [workspaceId]);
    const byWorkspace = await repo.findOneOrFail({ where: { workspaceId }, lock: { mode: 'pessimistic_write' } });
    if (byWorkspace.stripeCustomerId && customerId && byWorkspace.stripeCustomerId !== customerId) {
      this.logger.warn({ workspaceId }, 'stripe event names a workspace linked to another customer; ignored');
      return null;
    }
    return byWorkspace;
  }
}
