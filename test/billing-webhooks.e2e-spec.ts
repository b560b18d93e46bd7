/**
 * POST /api/v1/billing/webhooks: signature checks over the raw body, applying each event once, never
 * rolling subscription state back, and keeping plan, status, period and invoices in step. Events are
 * built from stripe-mock's fixture objects and signed with the SDK's generateTestHeaderString.
 */
import Stripe from 'stripe';
import {
  checkoutSessionObject,
  deliver,
  deliverOk,
  invoiceObject,
  newCustomerId,
  newInvoiceId,
  newSubscriptionId,
  nowSec,
  SECRET_KEY,
  stripeEvent,
  subscriptionObject,
  WEBHOOK_SECRET,
} from './billing.helpers';
import { BillingProcessor } from '../src/modules/billing/billing.processor';
import { createTestContext, TestContext } from './support/context';
import { expectProblem, signup, SignedUp } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    env: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: process.env.STRIPE_API_BASE as string },
  });
});
afterAll(async () => {
  await t.close();
});

const config = async (owner: SignedUp) => (await t.http.get('/api/v1/billing/config', { token: owner.token })).body;
const processed = (eventId: string) =>
  t.sql<{ outcome: string; workspace_id: string | null }>('SELECT outcome, workspace_id FROM billing_webhook_events WHERE id = $1', [
    eventId,
  ]);

/** A workspace linked to a fresh Stripe customer through checkout.session.completed. */
async function customerOf(owner: SignedUp, plan: 'starter' | 'professional' = 'starter', created = nowSec() - 3600) {
  const customer = newCustomerId();
  const subscription = newSubscriptionId();
  await deliverOk(
    t,
    stripeEvent(
      'checkout.session.completed',
      await checkoutSessionObject({ workspaceId: owner.workspaceId, customer, subscription, plan, email: 'Billing@Example.com' }),
      { created },
    ),
  );
  return { customer, subscription };
}

describe('signature', () => {
  it('missing, malformed, wrong-secret, tampered and expired signatures are 400 and change nothing', async () => {
    const owner = await signup(t);
    const session = await checkoutSessionObject({
      workspaceId: owner.workspaceId,
      customer: newCustomerId(),
      subscription: newSubscriptionId(),
      plan: 'starter',
    });
    const event = stripeEvent('checkout.session.completed', session);
    const payload = JSON.stringify(event);

    expectProblem(await deliver(t, event, { signature: null }), 400, 'validation_failed');
    expectProblem(await deliver(t, event, { signature: 'garbage' }), 400, 'validation_failed');
    expectProblem(await deliver(t, event, { signature: 't=1,v1=' + 'a'.repeat(64) }), 400, 'validation_failed');
    expectProblem(await deliver(t, event, { signature: 'x'.repeat(5000) }), 400, 'validation_failed');
    expectProblem(await deliver(t, event, { secret: 'whsec_someone_else' }), 400, 'validation_failed');
    const tampered = payload.replace('"starter"', '"professional"');
    expect(tampered).not.toBe(payload);
    const signedForOriginal = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expectProblem(await deliver(t, tampered, { signature: signedForOriginal }), 400, 'validation_failed');
    // the same JSON re-serialised differently is not the signed body either
    expectProblem(await deliver(t, JSON.stringify(event, null, 2), { signature: signedForOriginal }), 400, 'validation_failed');
    expectProblem(await deliver(t, event, { timestamp: nowSec() - 3600 }), 400, 'validation_failed');

    expect(await config(owner)).toMatchObject({ plan: 'free' });
    expect(await processed(event.id)).toHaveLength(0);
    const bad = await deliver(t, event, { secret: 'whsec_someone_else' });
    expect(bad.text).not.toContain(WEBHOOK_SECRET);
  });

  it('a valid signature over the exact bytes is applied (200 { received: true }), with no credential needed', async () => {
    const owner = await signup(t);
    const customer = newCustomerId();
    const subscription = newSubscriptionId();
    const event = stripeEvent(
      'checkout.session.completed',
      await checkoutSessionObject({
        workspaceId: owner.workspaceId,
        customer,
        subscription,
        plan: 'professional',
        cycle: 'yearly',
        email: 'Pay@Example.com',
      }),
    );
    const res = await deliver(t, event);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true });
    expect(await config(owner)).toMatchObject({
      plan: 'professional',
      billingCycle: 'yearly',
      status: 'active',
      billingEmail: 'pay@example.com',
      hasPaymentMethod: true,
      limits: { seats: 50 },
    });
    const [row] = await t.sql<any>('SELECT stripe_customer_id, stripe_subscription_id FROM billing_config WHERE workspace_id = $1', [
      owner.workspaceId,
    ]);
    expect(row).toEqual({ stripe_customer_id: customer, stripe_subscription_id: subscription });
    expect(await processed(event.id)).toEqual([{ outcome: 'applied', workspace_id: owner.workspaceId }]);
    // the change is audited, by the system, naming the Stripe event
    const audit = (await t.http.get('/api/v1/audit-logs?action=billing.plan_changed', { token: owner.token })).body.data;
    expect(audit).toEqual([
      expect.objectContaining({
        actor: { type: 'system', id: null },
        targetId: owner.workspaceId,
        metadata: expect.objectContaining({
          before: expect.objectContaining({ plan: 'free' }),
          after: expect.objectContaining({ plan: 'professional', status: 'active' }),
          source: 'stripe',
          stripeEventId: event.id,
          stripeEventType: 'checkout.session.completed',
        }),
      }),
    ]);
  });
});

describe('each event is applied once', () => {
  it('a replayed event id is acknowledged and changes nothing', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const event = stripeEvent(
      'customer.subscription.updated',
      await subscriptionObject({ id: subscription, customer, plan: 'professional' }),
    );
    await deliverOk(t, event);
    expect((await config(owner)).plan).toBe('professional');
    // state moves on by other means; the same event delivered again (freshly signed) must not re-apply
    await t.sql(`UPDATE billing_config SET plan = 'starter', last_subscription_event_at = NULL WHERE workspace_id = $1`, [
      owner.workspaceId,
    ]);
    const again = await deliver(t, event);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: true });
    expect((await config(owner)).plan).toBe('starter');
    expect(await t.sql('SELECT 1 FROM billing_webhook_events WHERE id = $1', [event.id])).toHaveLength(1);
    const audited = await t.sql(`SELECT 1 FROM audit_logs WHERE workspace_id = $1 AND metadata->>'stripeEventId' = $2`, [
      owner.workspaceId,
      event.id,
    ]);
    expect(audited).toHaveLength(1);
  });

  it('concurrent deliveries of one invoice event store one invoice', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const event = stripeEvent('invoice.paid', await invoiceObject({ id: newInvoiceId(), customer, subscription, status: 'paid' }));
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(t, event)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await t.http.get('/api/v1/billing/invoices', { token: owner.token })).body.data).toHaveLength(1);
  });
});

describe('subscription state', () => {
  it("created/updated events set plan, cycle, status and period from the price's lookup key", async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const start = nowSec() - 86400;
    const end = start + 365 * 86400;
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.updated',
        await subscriptionObject({
          id: subscription,
          customer,
          plan: 'professional',
          cycle: 'yearly',
          periodStart: start,
          periodEnd: end,
          cancelAtPeriodEnd: true,
        }),
      ),
    );
    expect(await config(owner)).toMatchObject({
      plan: 'professional',
      billingCycle: 'yearly',
      status: 'active',
      cancelAtPeriodEnd: true,
      currentPeriodStart: new Date(start * 1000).toISOString(),
      currentPeriodEnd: new Date(end * 1000).toISOString(),
    });
  });

  it('out-of-order customer.subscription.updated events never roll state back', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const t0 = nowSec();
    const newer = stripeEvent(
      'customer.subscription.updated',
      await subscriptionObject({ id: subscription, customer, plan: 'professional' }),
      { created: t0 },
    );
    const older = stripeEvent(
      'customer.subscription.updated',
      await subscriptionObject({ id: subscription, customer, plan: 'starter', status: 'past_due' }),
      { created: t0 - 10 },
    );
    await deliverOk(t, newer);
    await deliverOk(t, older);
    expect(await config(owner)).toMatchObject({ plan: 'professional', status: 'active' });
    expect((await processed(older.id))[0].outcome).toBe('stale');
    // an older deletion does not end the subscription either
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.deleted',
        await subscriptionObject({ id: subscription, customer, plan: 'professional', status: 'canceled' }),
        { created: t0 - 5 },
      ),
    );
    expect((await config(owner)).plan).toBe('professional');
    // an event of the same second is applied in arrival order
    await deliverOk(
      t,
      stripeEvent('customer.subscription.updated', await subscriptionObject({ id: subscription, customer, plan: 'starter' }), {
        created: t0,
      }),
    );
    expect((await config(owner)).plan).toBe('starter');
  });

  it('deleted: back to free limits, status canceled, and a new checkout is required', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner, 'professional');
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.deleted',
        await subscriptionObject({ id: subscription, customer, plan: 'professional', status: 'canceled' }),
      ),
    );
    expect(await config(owner)).toMatchObject({
      plan: 'free',
      status: 'canceled',
      cancelAtPeriodEnd: false,
      currentPeriodEnd: null,
      limits: { seats: 5, integrations: 3, tracesPerMonth: 10000 },
    });
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'starter' }, { token: owner.token }), 409, 'checkout_required');
    // the customer is kept for the next checkout
    const [row] = await t.sql<any>('SELECT stripe_customer_id, stripe_subscription_id FROM billing_config WHERE workspace_id = $1', [
      owner.workspaceId,
    ]);
    expect(row).toEqual({ stripe_customer_id: customer, stripe_subscription_id: null });
  });

  it('the end of an older subscription does not touch the current one', async () => {
    const owner = await signup(t);
    const { customer } = await customerOf(owner, 'starter');
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.deleted',
        await subscriptionObject({ id: newSubscriptionId(), customer, plan: 'starter', status: 'canceled' }),
      ),
    );
    expect(await config(owner)).toMatchObject({ plan: 'starter', status: 'active' });
  });

  it('past_due keeps the paid limits for the 14-day grace period, then falls back to free; paying restores them', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner, 'starter');
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.updated',
        await subscriptionObject({ id: subscription, customer, plan: 'starter', status: 'past_due' }),
      ),
    );
    expect(await config(owner)).toMatchObject({ plan: 'starter', status: 'past_due', limits: { seats: 10 } });
    await t.sql(`UPDATE billing_config SET past_due_since = now() - interval '15 days' WHERE workspace_id = $1`, [owner.workspaceId]);
    expect(await config(owner)).toMatchObject({ plan: 'starter', status: 'past_due', limits: { seats: 5, tracesPerMonth: 10000 } });
    // another past_due update keeps the original start of the grace period
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.updated',
        await subscriptionObject({ id: subscription, customer, plan: 'starter', status: 'unpaid' }),
      ),
    );
    expect((await config(owner)).limits.seats).toBe(5);
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.updated',
        await subscriptionObject({ id: subscription, customer, plan: 'starter', status: 'active' }),
      ),
    );
    expect(await config(owner)).toMatchObject({ status: 'active', limits: { seats: 10 } });
  });

  it('invoice.payment_failed moves the subscription to past_due and invoice.paid back to active', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner, 'starter');
    const id = newInvoiceId();
    await deliverOk(
      t,
      stripeEvent('invoice.payment_failed', await invoiceObject({ id, customer, subscription, status: 'open', amountPaid: 0 })),
    );
    expect(await config(owner)).toMatchObject({ status: 'past_due', limits: { seats: 10 } });
    const [row] = await t.sql<{ past_due_since: Date | null }>('SELECT past_due_since FROM billing_config WHERE workspace_id = $1', [
      owner.workspaceId,
    ]);
    expect(row.past_due_since).not.toBeNull();
    await deliverOk(t, stripeEvent('invoice.paid', await invoiceObject({ id, customer, subscription, status: 'paid' })));
    expect(await config(owner)).toMatchObject({ status: 'active' });
    const invoices = (await t.http.get('/api/v1/billing/invoices', { token: owner.token })).body.data;
    expect(invoices).toEqual([expect.objectContaining({ stripeInvoiceId: id, status: 'paid', amountPaid: 4900 })]);
  });

  it('incomplete and canceled subscriptions get the free limits', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner, 'professional');
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.updated',
        await subscriptionObject({ id: subscription, customer, plan: 'professional', status: 'incomplete' }),
      ),
    );
    expect(await config(owner)).toMatchObject({ plan: 'professional', status: 'incomplete', limits: { seats: 5 } });
  });

  it('a price that is not one of our plans leaves the plan unchanged', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner, 'starter');
    await deliverOk(
      t,
      stripeEvent('customer.subscription.updated', await subscriptionObject({ id: subscription, customer, plan: 'other' })),
    );
    expect((await config(owner)).plan).toBe('starter');
  });
});

describe('invoices', () => {
  it('are kept in step and an older invoice event never overwrites a newer one', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const id = newInvoiceId();
    const t0 = nowSec();
    await deliverOk(
      t,
      stripeEvent('invoice.finalized', await invoiceObject({ id, customer, subscription, status: 'open', amountPaid: 0 }), { created: t0 }),
    );
    let list = (await t.http.get('/api/v1/billing/invoices', { token: owner.token })).body.data;
    expect(list).toEqual([expect.objectContaining({ stripeInvoiceId: id, status: 'open', amountPaid: 0 })]);
    await deliverOk(
      t,
      stripeEvent('invoice.paid', await invoiceObject({ id, customer, subscription, status: 'paid' }), { created: t0 + 2 }),
    );
    const late = stripeEvent('invoice.finalized', await invoiceObject({ id, customer, subscription, status: 'open', amountPaid: 0 }), {
      created: t0 + 1,
    });
    await deliverOk(t, late);
    list = (await t.http.get('/api/v1/billing/invoices', { token: owner.token })).body.data;
    expect(list).toEqual([expect.objectContaining({ stripeInvoiceId: id, status: 'paid', amountPaid: 4900 })]);
    expect((await processed(late.id))[0].outcome).toBe('stale');
    await deliverOk(
      t,
      stripeEvent('invoice.voided', await invoiceObject({ id, customer, subscription, status: 'void' }), { created: t0 + 3 }),
    );
    expect((await t.http.get('/api/v1/billing/invoices', { token: owner.token })).body.data[0].status).toBe('void');
  });

  it('a deleted draft disappears', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const id = newInvoiceId();
    await deliverOk(t, stripeEvent('invoice.created', await invoiceObject({ id, customer, subscription, status: 'draft' })));
    expect(await t.sql('SELECT 1 FROM billing_invoices WHERE stripe_invoice_id = $1', [id])).toHaveLength(1);
    await deliverOk(t, stripeEvent('invoice.deleted', await invoiceObject({ id, customer, subscription, status: 'draft' })));
    expect(await t.sql('SELECT 1 FROM billing_invoices WHERE stripe_invoice_id = $1', [id])).toHaveLength(0);
  });
});

describe('events we do not act on', () => {
  it('unknown types, unknown customers and one-off checkouts are acknowledged and ignored', async () => {
    const owner = await signup(t);
    const unknown = stripeEvent('payout.paid', { id: 'po_123', object: 'payout' });
    expect((await deliver(t, unknown)).body).toEqual({ received: true });
    expect(await processed(unknown.id)).toEqual([{ outcome: 'ignored', workspace_id: null }]);

    const stranger = stripeEvent(
      'customer.subscription.updated',
      await subscriptionObject({ id: newSubscriptionId(), customer: newCustomerId(), plan: 'professional' }),
    );
    expect((await deliver(t, stranger)).status).toBe(200);
    expect((await processed(stranger.id))[0].outcome).toBe('ignored');

    const session = await checkoutSessionObject({
      workspaceId: owner.workspaceId,
      customer: newCustomerId(),
      subscription: newSubscriptionId(),
      plan: 'starter',
    });
    const payment = stripeEvent('checkout.session.completed', { ...session, mode: 'payment' });
    expect((await deliver(t, payment)).status).toBe(200);
    const unknownWorkspace = stripeEvent(
      'checkout.session.completed',
      await checkoutSessionObject({
        workspaceId: '00000000-0000-4000-8000-000000000000',
        customer: newCustomerId(),
        subscription: newSubscriptionId(),
        plan: 'starter',
      }),
    );
    expect((await deliver(t, unknownWorkspace)).status).toBe(200);
    expect(await config(owner)).toMatchObject({ plan: 'free' });
    expect(await t.sql(`SELECT 1 FROM billing_config WHERE workspace_id = '00000000-0000-4000-8000-000000000000'`)).toHaveLength(0);
  });

  it('a signed payload that is not an event is 400', async () => {
    expectProblem(await deliver(t, { hello: 'world' }), 400, 'validation_failed');
    expectProblem(await deliver(t, '[]'), 400, 'validation_failed');
  });
});

describe('processed event ids', () => {
  it('are forgotten after 30 days by the maintenance job', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await customerOf(owner);
    const recent = stripeEvent('customer.subscription.updated', await subscriptionObject({ id: subscription, customer, plan: 'starter' }));
    await deliverOk(t, recent);
    await t.sql(`INSERT INTO billing_webhook_events (id, type, event_created, outcome, processed_at)
                 VALUES ('evt_ancient', 'invoice.paid', 1, 'applied', now() - interval '31 days')`);
    const { deleted } = await t.app.get(BillingProcessor).pruneWebhookEvents();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await processed('evt_ancient')).toHaveLength(0);
    expect(await processed(recent.id)).toHaveLength(1);
  });
});
