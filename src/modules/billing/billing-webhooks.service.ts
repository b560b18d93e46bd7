import { Inject, Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import Stripe from 'stripe';
import { DomainEvents } from '../../common/domain-events';
import { DomainError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Db, Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { WebhookAckDto } from './dto/billing.dto';
import { BillingAccount, SubscriptionStatus } from './entities/billing-account.entity';
import { InvoiceStatus } from './entities/invoice.entity';
import { WebhookOutcome } from './entities/webhook-event.entity';
import { publishIfPlanChanged, planState } from './plan-changed';
import { BILLING_CYCLES, BillingCycle, PAID_PLAN_IDS, PaidPlanId } from './plans';
import { BillingAccountRepository } from './repositories/billing-account.repository';
import { InvoiceRepository } from './repositories/invoice.repository';
import { WebhookEventRepository } from './repositories/webhook-event.repository';
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

/** An account as loaded, before the event changes it: what the audit entry and `billing.plan_changed` compare with. */
interface Before {
  snapshot: Snapshot;
  inForce: ReturnType<typeof planState>;
}
const before = (a: BillingAccount): Before => ({ snapshot: snapshot(a), inForce: planState(a) });

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
    private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: BillingAccountRepository,
    private readonly invoices: InvoiceRepository,
    private readonly processed: WebhookEventRepository,
    private readonly workspaces: WorkspaceService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | string[] | undefined): Promise<WebhookAckDto> {
    const event = this.verify(rawBody, signature);
    await this.db.transaction(async (tx) => {
      if (!(await this.processed.claim(tx, event.id, event.type, event.created))) {
        this.logger.log({ eventId: event.id, type: event.type }, 'stripe event already processed');
        return;
      }
      const result = await this.apply(tx, event);
      await this.processed.setOutcome(tx, event.id, result.outcome, result.workspaceId);
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

  private apply(tx: Tx, event: Stripe.Event): Promise<Applied> {
    switch (event.type) {
      case 'checkout.session.completed':
        return this.onCheckoutCompleted(tx, event, event.data.object);
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
      case 'customer.subscription.paused':
      case 'customer.subscription.resumed':
        return this.onSubscription(tx, event, event.data.object);
      case 'invoice.created':
      case 'invoice.finalized':
      case 'invoice.updated':
      case 'invoice.paid':
      case 'invoice.payment_succeeded':
      case 'invoice.payment_failed':
      case 'invoice.voided':
      case 'invoice.marked_uncollectible':
      case 'invoice.deleted':
        return this.onInvoice(tx, event, event.data.object);
      default:
        return Promise.resolve(ignored);
    }
  }

  private async onCheckoutCompleted(tx: Tx, event: Stripe.Event, session: Stripe.Checkout.Session): Promise<Applied> {
    if (session.mode !== 'subscription') return ignored;
    const customerId = idOf(session.customer);
    const acc = await this.account(tx, customerId, session.metadata?.workspaceId ?? session.client_reference_id);
    if (!acc) return ignored;
    const was = before(acc);
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
    await this.save(tx, acc, was, event);
    return { outcome, workspaceId: acc.workspaceId };
  }

  private async onSubscription(tx: Tx, event: Stripe.Event, sub: Stripe.Subscription): Promise<Applied> {
    const customerId = idOf(sub.customer);
    const acc = await this.account(tx, customerId, sub.metadata?.workspaceId);
    if (!acc) return ignored;
    const workspaceId = acc.workspaceId;
    if (this.isStale(acc, event)) return { outcome: 'stale', workspaceId };
    const status = mapSubscriptionStatus(sub.status);
    const ended = event.type === 'customer.subscription.deleted' || status === 'canceled';
    if (acc.stripeSubscriptionId && acc.stripeSubscriptionId !== sub.id && ended) {
      return { outcome: 'ignored', workspaceId }; // an older subscription ending does not touch the current one
    }
    const was = before(acc);
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
    await this.save(tx, acc, was, event);
    return { outcome: 'applied', workspaceId };
  }

  private async onInvoice(tx: Tx, event: Stripe.Event, inv: Stripe.Invoice): Promise<Applied> {
    if (!inv.id) return ignored;
    const loose = inv as Stripe.Invoice & { subscription?: Id };
    const subscriptionId = idOf(inv.parent?.subscription_details?.subscription) ?? idOf(loose.subscription);
    const acc = await this.account(
      tx,
      idOf(inv.customer),
      inv.parent?.subscription_details?.metadata?.workspaceId ?? inv.metadata?.workspaceId,
    );
    if (!acc) return ignored;
    const workspaceId = acc.workspaceId;
    const was = before(acc);
    if (event.type === 'invoice.deleted') {
      await this.invoices.delete(tx, workspaceId, inv.id);
      return { outcome: 'applied', workspaceId };
    }
    const period = inv.lines?.data?.[0]?.period;
    const saved = await this.invoices.upsert(tx, {
      workspaceId,
      stripeInvoiceId: inv.id,
      number: inv.number?.slice(0, 64) ?? null,
      status: INVOICE_STATUS[inv.status ?? 'draft'] ?? 'open',
      amountDue: inv.amount_due ?? 0,
      amountPaid: inv.amount_paid ?? 0,
      currency: (inv.currency ?? 'usd').slice(0, 3).toLowerCase(),
      periodStart: at(period?.start ?? inv.period_start),
      periodEnd: at(period?.end ?? inv.period_end),
      hostedInvoiceUrl: inv.hosted_invoice_url ?? null,
      pdfUrl: inv.invoice_pdf ?? null,
      issuedAt: at(inv.created) ?? (at(event.created) as Date),
      eventCreated: event.created,
    });
    let outcome: WebhookOutcome = saved ? 'applied' : 'stale';

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
    await this.save(tx, acc, was, event);
    return { outcome, workspaceId };
  }

  /**
   * Saves the row; a change of plan, cycle, status or scheduled cancellation is audited (actor: system), and a
   * change of the plan in force is published as `billing.plan_changed`, all in the event's transaction.
   */
  private async save(tx: Tx, acc: BillingAccount, was: Before, event: Stripe.Event): Promise<void> {
    await this.accounts.save(tx, acc);
    const after = snapshot(acc);
    const changed = (Object.keys(after) as (keyof Snapshot)[]).filter((k) => after[k] !== was.snapshot[k]);
    if (!changed.length) return;
    await this.audit.record(tx, {
      workspaceId: acc.workspaceId,
      actor: { type: 'system', id: null },
      action: 'billing.plan_changed',
      targetType: 'billing',
      targetId: acc.workspaceId,
      metadata: { before: was.snapshot, after, changed, source: 'stripe', stripeEventId: event.id, stripeEventType: event.type },
    });
    await publishIfPlanChanged(this.events, tx, acc.workspaceId, was.inForce, planState(acc), 'stripe');
  }

  private isStale(acc: BillingAccount, event: Stripe.Event): boolean {
    return acc.lastSubscriptionEventAt !== null && event.created < Number(acc.lastSubscriptionEventAt);
  }

  /**
   * The billing row an event is about, locked: by Stripe customer id, else by the workspace id we put in
   * the metadata (created then, for the first event of a new customer). A workspace id whose row is
   * linked to another customer is not trusted.
   */
  private async account(tx: Tx, customerId: string | null, workspaceId: string | null | undefined): Promise<BillingAccount | null> {
    if (customerId) {
      const byCustomer = await this.accounts.lockByCustomer(tx, customerId);
      if (byCustomer) return byCustomer;
    }
    if (!workspaceId || !isUUID(workspaceId)) return null;
    if (!(await this.workspaces.summaries([workspaceId])).has(workspaceId)) return null;
    const byWorkspace = await this.accounts.lock(tx, workspaceId);
    if (byWorkspace.stripeCustomerId && customerId && byWorkspace.stripeCustomerId !== customerId) {
      this.logger.warn({ workspaceId }, 'stripe event names a workspace linked to another customer; ignored');
      return null;
    }
    return byWorkspace;
  }
}
