/**
 * Helpers for the billing e2e tests: a recording pass-through proxy in front of stripe-mock (so tests
 * can assert which Stripe calls were made, and inject failures), and signed Stripe webhook events
 * built from stripe-mock's own fixture objects with the SDK's `generateTestHeaderString`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { TestContext } from './support/context';

export const WEBHOOK_SECRET = 'whsec_test';
export const SECRET_KEY = 'sk_test_123';

export interface RecordedStripeRequest {
  method: string;
  path: string;
  /** form parameters, flat: `{ 'line_items[0][price]': 'price_…' }` (query parameters for GET) */
  params: Record<string, string>;
  idempotencyKey: string | null;
  /** stripe-mock's JSON answer (undefined when a fault was injected) */
  response?: any;
}

export type StripeFault = { status: number; body: unknown } | 'reset' | null;

export interface StripeRecorder {
  url: string;
  requests: RecordedStripeRequest[];
  /** requests matching method and path (a string prefix or a pattern) */
  calls(method: string, path: string | RegExp): RecordedStripeRequest[];
  /** every request fails this way until cleared with `fail(null)` */
  fail(fault: StripeFault): void;
  /** requests matching `match` (all without one) are answered `ms` later (a slow Stripe), until cleared with `slow(0)` */
  slow(ms: number, match?: (r: RecordedStripeRequest) => boolean): void;
  close(): Promise<void>;
}

/** An HTTP proxy on 127.0.0.1 that records each request and forwards it to stripe-mock. */
export async function startStripeRecorder(target = process.env.STRIPE_API_BASE as string): Promise<StripeRecorder> {
  if (!target) throw new Error('STRIPE_API_BASE is not set: run the e2e tests through `make test` (scripts/with-services.mjs --stripe)');
  const requests: RecordedStripeRequest[] = [];
  let fault: StripeFault = null;
  let delay: { ms: number; match?: (r: RecordedStripeRequest) => boolean } = { ms: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', 'http://stripe');
        const form = req.method === 'GET' || req.method === 'DELETE' ? url.searchParams : new URLSearchParams(body.toString('utf8'));
        const recorded: RecordedStripeRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          params: Object.fromEntries(form),
          idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        };
        requests.push(recorded);
        if (delay.ms && (!delay.match || delay.match(recorded))) await new Promise((r) => setTimeout(r, delay.ms));
        if (fault === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault) {
          res.writeHead(fault.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(fault.body));
          return;
        }
        const headers: Record<string, string> = {};
        for (const h of ['authorization', 'content-type', 'stripe-version', 'idempotency-key']) {
          const v = req.headers[h];
          if (typeof v === 'string') headers[h] = v;
        }
        const upstream = await fetch(target + (req.url ?? '/'), {
          method: req.method,
          headers,
          body: req.method === 'GET' || req.method === 'DELETE' ? undefined : body,
        });
        const answer = Buffer.from(await upstream.arrayBuffer());
        try {
          recorded.response = JSON.parse(answer.toString('utf8'));
        } catch {
          /* not JSON */
        }
        res.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
          'request-id': 'req_recorded',
        });
        res.end(answer);
      })().catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: (method, path) =>
      requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path.startsWith(path) : path.test(r.path))),
    fail: (f) => {
      fault = f;
    },
    slow: (ms, match) => {
      delay = { ms, match };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An SDK client straight at stripe-mock, for fixture objects. */
export const mockStripe = () => {
  if (!process.env.STRIPE_API_BASE)
    throw new Error('STRIPE_API_BASE is not set: run the e2e tests through `make test` (scripts/with-services.mjs --stripe)');
  const base = new URL(process.env.STRIPE_API_BASE);
  return new Stripe(SECRET_KEY, {
    host: base.hostname,
    port: Number(base.port),
    protocol: base.protocol.replace(':', '') as 'http',
    telemetry: false,
  });
};

const unique = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
export const newCustomerId = () => unique('cus_test');
export const newSubscriptionId = () => unique('sub_test');
export const newInvoiceId = () => unique('in_test');
export const nowSec = () => Math.floor(Date.now() / 1000);

export interface StripeEventOptions {
  id?: string;
  /** the event's `created` (Unix seconds); default now */
  created?: number;
}

export function stripeEvent(type: string, object: unknown, opts: StripeEventOptions = {}) {
  return {
    id: opts.id ?? unique('evt_test'),
    object: 'event',
    api_version: Stripe.API_VERSION,
    created: opts.created ?? nowSec(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** Posts a payload to the webhook endpoint with a valid signature (or the given header). */
export async function deliver(
  t: TestContext,
  event: unknown,
  opts: { secret?: string; signature?: string | null; timestamp?: number } = {},
) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const signature =
    opts.signature !== undefined
      ? opts.signature
      : Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET, timestamp: opts.timestamp });
  if (signature !== null) headers['stripe-signature'] = signature;
  return t.http.post('/api/v1/billing/webhooks', undefined, { raw: payload, headers });
}

/** Delivers and expects 200 `{ received: true }`. */
export async function deliverOk(t: TestContext, event: unknown) {
  const res = await deliver(t, event);
  if (res.status !== 200 || res.body?.received !== true) throw new Error(`webhook not accepted: ${res.status} ${res.text}`);
  return res;
}

export interface SubscriptionSpec {
  id: string;
  customer: string;
  workspaceId?: string;
  plan: 'starter' | 'professional' | 'other';
  cycle?: 'monthly' | 'yearly';
  status?: Stripe.Subscription.Status;
  cancelAtPeriodEnd?: boolean;
  periodStart?: number;
  periodEnd?: number;
}

/** A subscription as Stripe sends it (stripe-mock's fixture), with the fields a test controls. */
export async function subscriptionObject(spec: SubscriptionSpec): Promise<Stripe.Subscription> {
  const sub = await mockStripe().subscriptions.retrieve(spec.id);
  const cycle = spec.cycle ?? 'monthly';
  const start = spec.periodStart ?? nowSec() - 86400;
  const end = spec.periodEnd ?? start + (cycle === 'monthly' ? 30 : 365) * 86400;
  const item = sub.items.data[0] as Stripe.SubscriptionItem;
  item.price = {
    ...item.price,
    lookup_key: spec.plan === 'other' ? 'someone_elses_price' : `agentobs_${spec.plan}_${cycle}`,
    metadata: {},
    recurring: { ...(item.price.recurring as Stripe.Price.Recurring), interval: cycle === 'monthly' ? 'month' : 'year' },
  };
  Object.assign(item, { current_period_start: start, current_period_end: end });
  return Object.assign(sub, {
    id: spec.id,
    customer: spec.customer,
    status: spec.status ?? 'active',
    cancel_at_period_end: spec.cancelAtPeriodEnd ?? false,
    metadata: spec.workspaceId ? { workspaceId: spec.workspaceId } : {},
    items: { ...sub.items, data: [item] },
  });
}

export interface SessionSpec {
  workspaceId: string;
  customer: string;
  subscription: string;
  plan: 'starter' | 'professional';
  cycle?: 'monthly' | 'yearly';
  email?: string;
  paymentStatus?: Stripe.Checkout.Session.PaymentStatus;
}

/** A completed Checkout Session (stripe-mock's fixture) carrying the metadata our checkout sets. */
export async function checkoutSessionObject(spec: SessionSpec): Promise<Stripe.Checkout.Session> {
  const session = await mockStripe().checkout.sessions.retrieve(unique('cs_test'));
  const metadata = { workspaceId: spec.workspaceId, plan: spec.plan, billingCycle: spec.cycle ?? 'monthly' };
  return Object.assign(session, {
    mode: 'subscription',
    status: 'complete',
    customer: spec.customer,
    subscription: spec.subscription,
    client_reference_id: spec.workspaceId,
    metadata,
    payment_status: spec.paymentStatus ?? 'paid',
    customer_details: { ...(session.customer_details ?? {}), email: spec.email ?? 'billing@example.com' },
  });
}

export interface InvoiceSpec {
  id: string;
  customer: string;
  subscription?: string;
  status: Stripe.Invoice.Status;
  amountDue?: number;
  amountPaid?: number;
  created?: number;
  number?: string;
}

/** An invoice (stripe-mock's fixture) for a customer and subscription. */
export async function invoiceObject(spec: InvoiceSpec): Promise<Stripe.Invoice> {
  const inv = await mockStripe().invoices.retrieve(spec.id);
  const created = spec.created ?? nowSec();
  return Object.assign(inv, {
    id: spec.id,
    customer: spec.customer,
    status: spec.status,
    number: spec.number ?? `AO-${spec.id.slice(-6).toUpperCase()}`,
    amount_due: spec.amountDue ?? 4900,
    amount_paid: spec.amountPaid ?? (spec.status === 'paid' ? 4900 : 0),
    currency: 'usd',
    created,
    hosted_invoice_url: `https://invoice.stripe.com/i/${spec.id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/${spec.id}/pdf`,
    period_start: created - 86400,
    period_end: created,
    lines: { ...inv.lines, data: [] },
    parent: spec.subscription
      ? { type: 'subscription_details', quote_details: null, subscription_details: { subscription: spec.subscription, metadata: {} } }
      : null,
  });
}
