/**
 * Billing endpoints through HTTP, with the real Stripe SDK talking to stripe-mock through a recording
 * proxy (so the Stripe calls themselves are asserted). Subscription state that stripe-mock cannot hold
 * is driven by signed webhook events, as Stripe would send them.
 */
import { DomainEventMap, DomainEvents } from '../src/common/domain-events';
import { Db } from '../src/database/db';
import { UsageService } from '../src/modules/billing/usage.service';
import {
  checkoutSessionObject,
  deliverOk,
  invoiceObject,
  newCustomerId,
  newInvoiceId,
  newSubscriptionId,
  nowSec,
  SECRET_KEY,
  startStripeRecorder,
  StripeRecorder,
  stripeEvent,
  subscriptionObject,
  WEBHOOK_SECRET,
} from './billing.helpers';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp, uniqueEmail } from './support/factories';
import { eventually } from './support/integrations-receiver';

let t: TestContext;
let stripe: StripeRecorder;

beforeAll(async () => {
  stripe = await startStripeRecorder();
  t = await createTestContext({
    env: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: stripe.url },
  });
});
afterAll(async () => {
  await t.close();
  await stripe.close();
});
afterEach(() => {
  stripe.fail(null);
  stripe.slow(0);
});

const CHECKOUT = {
  plan: 'starter',
  billingCycle: 'monthly',
  successUrl: 'https://app.example.com/billing?ok={CHECKOUT_SESSION_ID}',
  cancelUrl: 'http://127.0.0.1:8000/billing',
};

/** Every non-owner credential of a workspace: users and API keys of each weaker role. */
async function weakerThanOwner(owner: SignedUp) {
  const out: { label: string; token: string }[] = [];
  for (const role of ['admin', 'member', 'viewer'] as const) {
    out.push({ label: `${role} user`, token: (await addMember(t, owner, role)).token });
    out.push({ label: `${role} key`, token: (await createApiKey(t, owner.token, role)).key });
  }
  return out;
}

/** A workspace on a paid plan: checkout (creates the customer), then Stripe's checkout.session.completed. */
async function subscribed(owner: SignedUp, plan: 'starter' | 'professional' = 'starter') {
  const res = await t.http.post('/api/v1/billing/checkout', { ...CHECKOUT, plan }, { token: owner.token });
  expect(res.status).toBe(201);
  const [row] = await t.sql<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_config WHERE workspace_id = $1', [
    owner.workspaceId,
  ]);
  const subscription = newSubscriptionId();
  await deliverOk(
    t,
    stripeEvent(
      'checkout.session.completed',
      await checkoutSessionObject({ workspaceId: owner.workspaceId, customer: row.stripe_customer_id, subscription, plan }),
      { created: nowSec() - 60 },
    ),
  );
  return { customer: row.stripe_customer_id, subscription };
}

/** Audit entries of an action made through the API (entries of Stripe-driven changes, actor `system`, left out). */
const auditOf = async (owner: SignedUp, action: string) =>
  ((await t.http.get(`/api/v1/audit-logs?action=${action}`, { token: owner.token })).body.data as any[]).filter(
    (e) => e.actor.type !== 'system',
  );

describe('GET /api/v1/billing/plans', () => {
  it("serves the plan catalogue of API.md's table, with list prices, to every member and key (viewer+)", async () => {
    const owner = await signup(t);
    const res = await t.http.get('/api/v1/billing/plans', { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: any) => [p.id, p.limits, p.priceMonthlyUsd, p.selfServe])).toEqual([
      ['free', { seats: 5, integrations: 3, tracesPerMonth: 10000, retentionDays: 14 }, 0, true],
      ['starter', { seats: 10, integrations: 6, tracesPerMonth: 100000, retentionDays: 30 }, 49, true],
      ['professional', { seats: 50, integrations: 6, tracesPerMonth: 1000000, retentionDays: 90 }, 249, true],
      ['enterprise', { seats: null, integrations: 6, tracesPerMonth: null, retentionDays: 365 }, null, false],
    ]);
    expect(res.body.data[1]).toEqual({
      id: 'starter',
      name: 'Starter',
      description: expect.any(String),
      limits: { seats: 10, integrations: 6, tracesPerMonth: 100000, retentionDays: 30 },
      priceMonthlyUsd: 49,
      priceYearlyUsd: 490,
      selfServe: true,
    });
    for (const role of ['viewer', 'member', 'admin'] as const) {
      expect((await t.http.get('/api/v1/billing/plans', { token: (await addMember(t, owner, role)).token })).status).toBe(200);
      expect((await t.http.get('/api/v1/billing/plans', { token: (await createApiKey(t, owner.token, role)).key })).status).toBe(200);
    }
    expectProblem(await t.http.get('/api/v1/billing/plans'), 401, 'unauthenticated');
  });

  it('shows the default limits, not a workspace contract (those are in GET /billing/config)', async () => {
    const owner = await signup(t);
    await t.sql(`INSERT INTO billing_config (workspace_id, plan, limits_override) VALUES ($1, 'enterprise', '{"integrations": 12}')`, [
      owner.workspaceId,
    ]);
    const res = await t.http.get('/api/v1/billing/plans', { token: owner.token });
    expect(res.body.data.find((p: any) => p.id === 'enterprise').limits.integrations).toBe(6);
  });
});

describe('GET /api/v1/billing/config', () => {
  it('a new workspace is on the free plan with the free limits', async () => {
    const owner = await signup(t);
    const res = await t.http.get('/api/v1/billing/config', { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      plan: 'free',
      status: 'active',
      billingCycle: 'monthly',
      currentPeriodStart: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      limits: { seats: 5, integrations: 3, tracesPerMonth: 10000, retentionDays: 14 },
      billingEmail: null,
      hasPaymentMethod: false,
    });
  });

  it('admins (users and keys) may read it; members and viewers get 403; no credential 401', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const adminKey = await createApiKey(t, owner.token, 'admin');
    expect((await t.http.get('/api/v1/billing/config', { token: admin.token })).status).toBe(200);
    expect((await t.http.get('/api/v1/billing/config', { token: adminKey.key })).status).toBe(200);
    for (const role of ['member', 'viewer'] as const) {
      expectProblem(await t.http.get('/api/v1/billing/config', { token: (await addMember(t, owner, role)).token }), 403, 'forbidden');
      expectProblem(
        await t.http.get('/api/v1/billing/config', { token: (await createApiKey(t, owner.token, role)).key }),
        403,
        'forbidden',
      );
    }
    expectProblem(await t.http.get('/api/v1/billing/config'), 401, 'unauthenticated');
  });

  it('shows contract overrides (enterprise) with null as unlimited', async () => {
    const owner = await signup(t);
    await t.sql(`INSERT INTO billing_config (workspace_id, plan, limits_override) VALUES ($1, 'enterprise', '{"integrations": 12}')`, [
      owner.workspaceId,
    ]);
    const res = await t.http.get('/api/v1/billing/config', { token: owner.token });
    expect(res.body).toMatchObject({
      plan: 'enterprise',
      limits: { seats: null, integrations: 12, tracesPerMonth: null, retentionDays: 365 },
    });
  });
});

describe('POST /api/v1/billing/checkout', () => {
  it("creates the customer once, a subscription-mode session with the plan's price and the workspace id in the metadata", async () => {
    const owner = await signup(t, { workspaceName: 'Checkout Co' });
    const before = stripe.requests.length;
    const res = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^cs_/),
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//),
    });

    const calls = stripe.requests.slice(before);
    const customers = calls.filter((r) => r.method === 'POST' && r.path === '/v1/customers');
    expect(customers).toHaveLength(1);
    expect(customers[0].params).toMatchObject({ name: 'Checkout Co', 'metadata[workspaceId]': owner.workspaceId });
    expect(customers[0].idempotencyKey).toBe(`agentobs-customer-${owner.workspaceId}`);
    const customerId = customers[0].response.id as string;
    const [row] = await t.sql<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_config WHERE workspace_id = $1', [
      owner.workspaceId,
    ]);
    expect(row.stripe_customer_id).toBe(customerId);

    const sessions = calls.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions');
    expect(sessions).toHaveLength(1);
    expect(sessions[0].params).toMatchObject({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: owner.workspaceId,
      'line_items[0][quantity]': '1',
      success_url: CHECKOUT.successUrl,
      cancel_url: CHECKOUT.cancelUrl,
      'metadata[workspaceId]': owner.workspaceId,
      'metadata[plan]': 'starter',
      'metadata[billingCycle]': 'monthly',
      'subscription_data[metadata][workspaceId]': owner.workspaceId,
    });
    expect(sessions[0].response.id).toBe(res.body.sessionId);

    // the price is ours, found or created by lookup key (stripe-mock never finds it, so it is created)
    const lookups = stripe.calls('GET', '/v1/prices').filter((r) => r.params['lookup_keys[0]'] === 'agentobs_starter_monthly');
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    const created = stripe.calls('POST', '/v1/prices').find((r) => r.params.lookup_key === 'agentobs_starter_monthly');
    expect(created?.params).toMatchObject({
      product: 'agentobs_starter',
      currency: 'usd',
      unit_amount: '4900',
      'recurring[interval]': 'month',
    });
    expect(sessions[0].params['line_items[0][price]']).toBe(created?.response.id);

    // a second checkout reuses the customer and the cached price
    const again = stripe.requests.length;
    expect((await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token })).status).toBe(201);
    const second = stripe.requests.slice(again);
    expect(second.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/checkout/sessions']);
    expect(second[0].params.customer).toBe(customerId);
  });

  it('prices the yearly cycle and the professional plan from the plans table', async () => {
    const owner = await signup(t);
    const res = await t.http.post(
      '/api/v1/billing/checkout',
      { ...CHECKOUT, plan: 'professional', billingCycle: 'yearly' },
      { token: owner.token },
    );
    expect(res.status).toBe(201);
    const created = stripe.calls('POST', '/v1/prices').find((r) => r.params.lookup_key === 'agentobs_professional_yearly');
    expect(created?.params).toMatchObject({ product: 'agentobs_professional', unit_amount: '249000', 'recurring[interval]': 'year' });
    const session = stripe.calls('POST', '/v1/checkout/sessions').at(-1);
    expect(session?.params).toMatchObject({
      'line_items[0][price]': created?.response.id,
      'metadata[plan]': 'professional',
      'metadata[billingCycle]': 'yearly',
    });
  });

  it('writes a billing.checkout_started audit entry without secrets', async () => {
    const owner = await signup(t);
    const res = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token });
    const entries = await auditOf(owner, 'billing.checkout_started');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      targetType: 'billing',
      targetId: owner.workspaceId,
      metadata: { plan: 'starter', billingCycle: 'monthly', sessionId: res.body.sessionId },
    });
    expect(JSON.stringify(entries)).not.toContain(SECRET_KEY);
  });

  it('only owners (users or owner keys) may start a checkout', async () => {
    const owner = await signup(t);
    for (const { label, token } of await weakerThanOwner(owner)) {
      const res = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token });
      expect([label, res.status]).toEqual([label, 403]);
      expectProblem(res, 403, 'forbidden');
    }
    const ownerKey = await createApiKey(t, owner.token, 'owner');
    expect((await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: ownerKey.key })).status).toBe(201);
    expect((await auditOf(owner, 'billing.checkout_started'))[0].actor).toEqual({ type: 'api_key', id: ownerKey.id });
  });

  it('validates the body: plan, cycle, URLs, unknown fields (400); free is 400, enterprise 403', async () => {
    const owner = await signup(t);
    for (const body of [
      { ...CHECKOUT, plan: 'gold' },
      { ...CHECKOUT, billingCycle: 'weekly' },
      { ...CHECKOUT, successUrl: 'javascript:alert(1)' },
      { ...CHECKOUT, cancelUrl: 'ftp://example.com/x' },
      { ...CHECKOUT, successUrl: 'https://example.com/' + 'x'.repeat(2100) },
      { plan: 'starter', billingCycle: 'monthly', successUrl: CHECKOUT.successUrl },
      { ...CHECKOUT, workspaceId: owner.workspaceId },
      { ...CHECKOUT, plan: 'free' },
    ]) {
      expectProblem(await t.http.post('/api/v1/billing/checkout', body, { token: owner.token }), 400, 'validation_failed');
    }
    expectProblem(
      await t.http.post('/api/v1/billing/checkout', { ...CHECKOUT, plan: 'enterprise' }, { token: owner.token }),
      403,
      'forbidden',
    );
  });

  it('refuses a second subscription (409 conflict): change the plan instead', async () => {
    const owner = await signup(t);
    await subscribed(owner);
    const res = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token });
    expectProblem(res, 409, 'conflict');
  });

  it("maps Stripe being unreachable to 503 and a Stripe refusal to 502, never passing Stripe's message on", async () => {
    const owner = await signup(t);
    stripe.fail('reset');
    const down = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token });
    expectProblem(down, 503, 'upstream_unavailable');

    stripe.fail({
      status: 400,
      body: {
        error: { type: 'invalid_request_error', code: 'parameter_invalid', message: 'Bad key sk_live_LEAKED_SECRET for cus_internal' },
      },
    });
    const refused = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token });
    expectProblem(refused, 502, 'upstream_unavailable');
    expect(refused.text).not.toMatch(/LEAKED|sk_live|cus_internal|parameter_invalid/);

    stripe.fail({ status: 401, body: { error: { type: 'authentication_error', message: `Invalid API Key provided: ${SECRET_KEY}` } } });
    const unauthorized = await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token });
    expectProblem(unauthorized, 502, 'upstream_unavailable');
    expect(unauthorized.text).not.toContain(SECRET_KEY);

    expect(await auditOf(owner, 'billing.checkout_started')).toHaveLength(0);
    stripe.fail(null);
    expect((await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token })).status).toBe(201);
  });
});

describe('PUT /api/v1/billing/plan', () => {
  it('checks in order: validation 400, role 403, enterprise 403, then checkout_required 409', async () => {
    const owner = await signup(t);
    const member = await addMember(t, owner, 'member');
    // validation comes first, even for a caller who may not change the plan
    for (const body of [{ plan: 'gold' }, { plan: 'starter', billingCycle: 'weekly' }, {}, { plan: 'starter', extra: 1 }]) {
      expectProblem(await t.http.put('/api/v1/billing/plan', body, { token: member.token }), 400, 'validation_failed');
      expectProblem(await t.http.put('/api/v1/billing/plan', body, { token: owner.token }), 400, 'validation_failed');
    }
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'enterprise' }, { token: member.token }), 403, 'forbidden');
    const enterprise = await t.http.put('/api/v1/billing/plan', { plan: 'enterprise' }, { token: owner.token });
    expectProblem(enterprise, 403, 'forbidden');
    expect(enterprise.body.detail).toMatch(/sales/i);
    const required = await t.http.put('/api/v1/billing/plan', { plan: 'starter', billingCycle: 'yearly' }, { token: owner.token });
    expectProblem(required, 409, 'checkout_required');
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'starter' }), 401, 'unauthenticated');
  });

  it('only owners may change the plan: admins, members, viewers and their keys get 403', async () => {
    const owner = await signup(t);
    await subscribed(owner);
    for (const { label, token } of await weakerThanOwner(owner)) {
      const res = await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token });
      expect([label, res.status]).toEqual([label, 403]);
    }
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body.plan).toBe('starter');
    expect(await auditOf(owner, 'billing.plan_changed')).toHaveLength(0);
  });

  it('free → free is a no-op; an unsubscribed workspace is never sent to Stripe', async () => {
    const owner = await signup(t);
    const before = stripe.requests.length;
    const res = await t.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plan: 'free', cancelAtPeriodEnd: false });
    expect(stripe.requests.length).toBe(before);
    expect(await auditOf(owner, 'billing.plan_changed')).toHaveLength(0);
  });

  it("changes the subscription's price (prorated), applies the new limits at once and audits it", async () => {
    const owner = await signup(t);
    const { subscription } = await subscribed(owner, 'starter');
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body).toMatchObject({
      plan: 'starter',
      limits: { seats: 10 },
    });

    const before = stripe.requests.length;
    const res = await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      plan: 'professional',
      billingCycle: 'monthly',
      status: 'active',
      cancelAtPeriodEnd: false,
      limits: { seats: 50, integrations: 6, tracesPerMonth: 1000000, retentionDays: 90 },
    });
    const calls = stripe.requests.slice(before);
    const retrieve = calls.find((r) => r.method === 'GET' && r.path === `/v1/subscriptions/${subscription}`);
    const update = calls.find((r) => r.method === 'POST' && r.path === `/v1/subscriptions/${subscription}`);
    const price = stripe.calls('POST', '/v1/prices').find((r) => r.params.lookup_key === 'agentobs_professional_monthly');
    expect(update?.params).toMatchObject({
      'items[0][id]': retrieve?.response.items.data[0].id,
      'items[0][price]': price?.response.id,
      proration_behavior: 'create_prorations',
      cancel_at_period_end: 'false',
      'metadata[plan]': 'professional',
      'metadata[workspaceId]': owner.workspaceId,
    });
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body.plan).toBe('professional');
    const audit = await auditOf(owner, 'billing.plan_changed');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      targetType: 'billing',
      targetId: owner.workspaceId,
      metadata: {
        before: { plan: 'starter', billingCycle: 'monthly' },
        after: { plan: 'professional', billingCycle: 'monthly' },
        effective: 'immediately',
      },
    });

    // the cycle alone can change; the same plan and cycle again changes nothing
    const yearly = await t.http.put('/api/v1/billing/plan', { plan: 'professional', billingCycle: 'yearly' }, { token: owner.token });
    expect(yearly.body).toMatchObject({ plan: 'professional', billingCycle: 'yearly' });
    const yearlyPrice = stripe.calls('POST', '/v1/prices').find((r) => r.params.lookup_key === 'agentobs_professional_yearly');
    expect(stripe.calls('POST', `/v1/subscriptions/${subscription}`).at(-1)?.params['items[0][price]']).toBe(yearlyPrice?.response.id);
    const count = stripe.requests.length;
    expect((await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token })).body.billingCycle).toBe('yearly');
    expect(stripe.requests.length).toBe(count);
    expect(await auditOf(owner, 'billing.plan_changed')).toHaveLength(2);
  });

  it('a subscription event created before the change cannot undo it', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await subscribed(owner, 'starter');
    expect((await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token })).status).toBe(200);
    const older = await subscriptionObject({ id: subscription, customer, plan: 'starter' });
    await deliverOk(t, stripeEvent('customer.subscription.updated', older, { created: nowSec() - 30 }));
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body.plan).toBe('professional');
  });

  it('to free: the subscription cancels at period end (the plan stays until then); choosing a paid plan again resumes it', async () => {
    const owner = await signup(t);
    const { subscription } = await subscribed(owner, 'starter');
    const res = await t.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plan: 'starter', cancelAtPeriodEnd: true, limits: { seats: 10 } });
    expect(stripe.calls('POST', `/v1/subscriptions/${subscription}`).at(-1)?.params).toEqual({ cancel_at_period_end: 'true' });
    expect((await auditOf(owner, 'billing.plan_changed'))[0].metadata).toMatchObject({
      after: { cancelAtPeriodEnd: true },
      effective: 'period_end',
    });

    const count = stripe.requests.length;
    expect((await t.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token })).status).toBe(200);
    expect(stripe.requests.length).toBe(count);

    const resumed = await t.http.put('/api/v1/billing/plan', { plan: 'starter' }, { token: owner.token });
    expect(resumed.body).toMatchObject({ plan: 'starter', cancelAtPeriodEnd: false });
    expect(stripe.calls('POST', `/v1/subscriptions/${subscription}`).at(-1)?.params).toMatchObject({ cancel_at_period_end: 'false' });
  });

  it('an enterprise contract is changed through sales only: plan change and checkout are 403', async () => {
    const owner = await signup(t);
    await t.sql(`INSERT INTO billing_config (workspace_id, plan) VALUES ($1, 'enterprise')`, [owner.workspaceId]);
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token }), 403, 'forbidden');
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'starter' }, { token: owner.token }), 403, 'forbidden');
    expectProblem(await t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token }), 403, 'forbidden');
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body.plan).toBe('enterprise');
  });

  it('a Stripe failure leaves the plan as it was (503 unreachable, 502 refused)', async () => {
    const owner = await signup(t);
    await subscribed(owner, 'starter');
    stripe.fail('reset');
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token }), 503, 'upstream_unavailable');
    stripe.fail({
      status: 404,
      body: { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such subscription: sub_secret' } },
    });
    const refused = await t.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token });
    expectProblem(refused, 502, 'upstream_unavailable');
    expect(refused.text).not.toContain('sub_secret');
    stripe.fail(null);
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body).toMatchObject({
      plan: 'starter',
      cancelAtPeriodEnd: false,
    });
    expect(await auditOf(owner, 'billing.plan_changed')).toHaveLength(0);
  });
});

describe('GET /api/v1/billing/usage', () => {
  it('counts traces this month (with a daily series), seats incl. pending invitations, and enabled integrations', async () => {
    const owner = await signup(t);
    await addMember(t, owner, 'admin');
    const invited = await t.http.post('/api/v1/team/invite', { email: uniqueEmail('inv'), role: 'member' }, { token: owner.token });
    expect(invited.status).toBe(201);
    const stale = await t.http.post('/api/v1/team/invite', { email: uniqueEmail('old'), role: 'viewer' }, { token: owner.token });
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [stale.body.id]);
    await t.sql(
      `INSERT INTO integrations_config (id, workspace_id, type, name, enabled, config) VALUES
      (gen_random_uuid(), $1, 'slack', 'Slack', true, '{}'), (gen_random_uuid(), $1, 'webhook', 'Hook', true, '{}'),
      (gen_random_uuid(), $1, 'sentry', 'Sentry', false, '{}'), (gen_random_uuid(), $1, 'datadog', 'Purged', true, NULL)`,
      [owner.workspaceId],
    );

    const now = new Date();
    const firstOfMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1, 12));
    const usage = t.app.get(UsageService);
    await t.app.get(Db).transaction(async (tx) => {
      await usage.reserveTraces(tx, owner.workspaceId, 3, firstOfMonth);
      await usage.reserveTraces(tx, owner.workspaceId, 7, now);
    });

    const res = await t.http.get('/api/v1/billing/usage', { token: owner.token });
    expect(res.status).toBe(200);
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    expect(res.body).toMatchObject({
      periodStart: start.toISOString(),
      periodEnd: end.toISOString(),
      traces: { used: 10, limit: 10000 },
      seats: { used: 3, limit: 5 },
      integrations: { used: 2, limit: 3 },
    });
    expect(res.body.daily).toHaveLength(now.getUTCDate());
    expect(res.body.daily[0].date).toBe(start.toISOString().slice(0, 10));
    const today = now.toISOString().slice(0, 10);
    const byDay = Object.fromEntries(res.body.daily.map((d: any) => [d.date, d.traces]));
    if (now.getUTCDate() === 1) expect(byDay[today]).toBe(10);
    else expect([byDay[res.body.daily[0].date], byDay[today]]).toEqual([3, 7]);
    expect(res.body.daily.reduce((s: number, d: any) => s + d.traces, 0)).toBe(10);

    // another workspace sees only its own usage
    const other = await signup(t);
    const theirs = await t.http.get('/api/v1/billing/usage', { token: other.token });
    expect(theirs.body).toMatchObject({ traces: { used: 0 }, seats: { used: 1 }, integrations: { used: 0 } });
  });

  it('admin+ only', async () => {
    const owner = await signup(t);
    expect((await t.http.get('/api/v1/billing/usage', { token: (await addMember(t, owner, 'admin')).token })).status).toBe(200);
    for (const role of ['member', 'viewer'] as const) {
      expectProblem(await t.http.get('/api/v1/billing/usage', { token: (await addMember(t, owner, role)).token }), 403, 'forbidden');
      expectProblem(await t.http.get('/api/v1/billing/usage', { token: (await createApiKey(t, owner.token, role)).key }), 403, 'forbidden');
    }
  });
});

describe('GET /api/v1/billing/invoices', () => {
  it('is empty without a Stripe customer, then lists the webhook-synced invoices newest first, paginated', async () => {
    const owner = await signup(t);
    expect((await t.http.get('/api/v1/billing/invoices', { token: owner.token })).body).toEqual({ data: [], nextCursor: null });
    const { customer, subscription } = await subscribed(owner);
    const base = nowSec() - 10 * 86400;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = newInvoiceId();
      ids.push(id);
      await deliverOk(
        t,
        stripeEvent('invoice.paid', await invoiceObject({ id, customer, subscription, status: 'paid', created: base + i * 86400 })),
      );
    }
    // a draft is kept but not listed until Stripe finalizes it
    await deliverOk(
      t,
      stripeEvent('invoice.created', await invoiceObject({ id: newInvoiceId(), customer, subscription, status: 'draft' })),
    );

    const p1 = await t.http.get('/api/v1/billing/invoices?limit=2', { token: owner.token });
    expect(p1.status).toBe(200);
    expect(p1.body.data).toHaveLength(2);
    expect(p1.body.data[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      stripeInvoiceId: ids[2],
      number: expect.any(String),
      status: 'paid',
      amountDue: 4900,
      amountPaid: 4900,
      currency: 'usd',
      periodStart: new Date((base + 2 * 86400 - 86400) * 1000).toISOString(),
      periodEnd: new Date((base + 2 * 86400) * 1000).toISOString(),
      hostedInvoiceUrl: `https://invoice.stripe.com/i/${ids[2]}`,
      pdfUrl: `https://pay.stripe.com/invoice/${ids[2]}/pdf`,
      createdAt: new Date((base + 2 * 86400) * 1000).toISOString(),
    });
    const p2 = await t.http.get(`/api/v1/billing/invoices?limit=2&cursor=${p1.body.nextCursor}`, { token: owner.token });
    expect(p2.body.nextCursor).toBeNull();
    expect([...p1.body.data, ...p2.body.data].map((i: any) => i.stripeInvoiceId)).toEqual([ids[2], ids[1], ids[0]]);
    for (const q of ['limit=0', 'limit=101', 'cursor=nope!']) {
      expectProblem(await t.http.get(`/api/v1/billing/invoices?${q}`, { token: owner.token }), 400, 'validation_failed');
    }

    // another workspace sees none of them
    const other = await signup(t);
    expect((await t.http.get('/api/v1/billing/invoices', { token: other.token })).body.data).toEqual([]);
  });

  it('admin+ only', async () => {
    const owner = await signup(t);
    expect((await t.http.get('/api/v1/billing/invoices', { token: (await createApiKey(t, owner.token, 'admin')).key })).status).toBe(200);
    for (const role of ['member', 'viewer'] as const) {
      expectProblem(await t.http.get('/api/v1/billing/invoices', { token: (await addMember(t, owner, role)).token }), 403, 'forbidden');
    }
  });
});

describe('workspace isolation', () => {
  it("one workspace's subscription, plan changes and events never touch another's", async () => {
    const a = await signup(t);
    const b = await signup(t);
    const subA = await subscribed(a, 'starter');
    expect((await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: a.token })).status).toBe(200);
    expect((await t.http.get('/api/v1/billing/config', { token: b.token })).body).toMatchObject({ plan: 'free', limits: { seats: 5 } });
    // B cannot reach A's subscription: B has none, so B's plan change needs a checkout
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'starter' }, { token: b.token }), 409, 'checkout_required');
    // an event for A's customer that names B in its metadata still only applies to A
    const sub = await subscriptionObject({
      id: subA.subscription,
      customer: subA.customer,
      plan: 'starter',
      workspaceId: b.workspaceId,
      status: 'past_due',
    });
    await deliverOk(t, stripeEvent('customer.subscription.updated', sub, { created: nowSec() + 5 }));
    expect((await t.http.get('/api/v1/billing/config', { token: a.token })).body).toMatchObject({ plan: 'starter', status: 'past_due' });
    expect((await t.http.get('/api/v1/billing/config', { token: b.token })).body).toMatchObject({ plan: 'free', status: 'active' });
    expect(await auditOf(b, 'billing.plan_changed')).toHaveLength(0);
  });

  it('a checkout event naming a workspace already linked to another customer is ignored', async () => {
    const a = await signup(t);
    await subscribed(a, 'starter');
    const session = await checkoutSessionObject({
      workspaceId: a.workspaceId,
      customer: newCustomerId(),
      subscription: newSubscriptionId(),
      plan: 'professional',
    });
    await deliverOk(t, stripeEvent('checkout.session.completed', session, { created: nowSec() + 5 }));
    expect((await t.http.get('/api/v1/billing/config', { token: a.token })).body.plan).toBe('starter');
  });
});

describe('a slow Stripe holds no lock (no outside call inside a locked transaction)', () => {
  const STRIPE_DELAY_MS = 5000;
  const updateOf = (subscription: string) => (r: { method: string; path: string }) =>
    r.method === 'POST' && r.path === `/v1/subscriptions/${subscription}`;
  /** Sessions of the app inside a transaction whose last statement touched billing_config (a lock held while waiting). */
  const openBillingTransactions = async () =>
    Number(
      (
        await t.sql<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND state LIKE 'idle in transaction%' AND query ILIKE '%billing_config%'`,
        )
      )[0].n,
    );

  it('while a plan change waits 5 s on Stripe, config, usage, webhooks and other changes of the workspace proceed', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await subscribed(owner, 'starter');
    // fixtures first (they come from stripe-mock directly, not through the slow proxy)
    const paid = stripeEvent('invoice.paid', await invoiceObject({ id: newInvoiceId(), customer, subscription, status: 'paid' }));
    const auditBefore = (await auditOf(owner, 'billing.plan_changed')).length;

    stripe.slow(STRIPE_DELAY_MS, updateOf(subscription));
    const started = Date.now();
    let settled = false;
    const change = t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token }).finally(() => {
      settled = true;
    });
    await eventually(() => stripe.calls('POST', `/v1/subscriptions/${subscription}`).length === 1, { what: 'the subscription update' });

    // nothing waits on Stripe with the billing row locked
    expect(await openBillingTransactions()).toBe(0);
    const config = await t.http.get('/api/v1/billing/config', { token: owner.token });
    expect(config.status).toBe(200);
    expect(config.body.plan).toBe('starter'); // not confirmed yet
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).status).toBe(200);
    expect((await t.http.get('/api/v1/billing/invoices', { token: owner.token })).status).toBe(200);
    await deliverOk(t, paid); // locks the workspace's billing row: it must not wait for the change
    // another change of the same workspace is refused at once rather than queued behind Stripe
    const second = await t.http.put('/api/v1/billing/plan', { plan: 'starter', billingCycle: 'yearly' }, { token: owner.token });
    expectProblem(second, 409, 'conflict');
    expect(second.headers.get('retry-after')).toBe('5');
    expect(settled).toBe(false); // all of the above was answered while Stripe still held the change
    expect(Date.now() - started).toBeLessThan(STRIPE_DELAY_MS);

    const res = await change;
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(STRIPE_DELAY_MS);
    expect(res.body).toMatchObject({ plan: 'professional', billingCycle: 'monthly', limits: { seats: 50 } });
    const updates = stripe.calls('POST', `/v1/subscriptions/${subscription}`);
    expect(updates).toHaveLength(1);
    expect(updates[0].idempotencyKey).toMatch(/^agentobs-plan-[0-9a-f-]{36}$/);
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body.plan).toBe('professional');
    expect(await auditOf(owner, 'billing.plan_changed')).toHaveLength(auditBefore + 1);
    const [row] = await t.sql<{ pending_change_id: string | null }>(
      `SELECT pending_change_id FROM billing_config WHERE workspace_id = $1`,
      [owner.workspaceId],
    );
    expect(row.pending_change_id).toBeNull();
  }, 30_000);

  it('concurrent plan changes: one reaches Stripe, the others get 409; the final state is the one Stripe was given', async () => {
    const owner = await signup(t);
    const { subscription } = await subscribed(owner, 'starter');
    stripe.slow(2000, updateOf(subscription));
    const bodies = [
      { plan: 'professional' },
      { plan: 'professional', billingCycle: 'yearly' },
      { plan: 'starter', billingCycle: 'yearly' },
      { plan: 'free' },
    ];
    const results = await Promise.all(bodies.map((body) => t.http.put('/api/v1/billing/plan', body, { token: owner.token })));
    const won = results.map((r, i) => ({ status: r.status, body: bodies[i], res: r })).filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expectProblem(r, 409, 'conflict');

    const updates = stripe.calls('POST', `/v1/subscriptions/${subscription}`);
    expect(updates).toHaveLength(1);
    const winner = won[0].body;
    const config = (await t.http.get('/api/v1/billing/config', { token: owner.token })).body;
    if (winner.plan === 'free') {
      expect(updates[0].params).toEqual({ cancel_at_period_end: 'true' });
      expect(config).toMatchObject({ plan: 'starter', cancelAtPeriodEnd: true });
    } else {
      expect(updates[0].params).toMatchObject({
        'metadata[plan]': winner.plan,
        'metadata[billingCycle]': winner.billingCycle ?? 'monthly',
      });
      expect(config).toMatchObject({ plan: winner.plan, billingCycle: winner.billingCycle ?? 'monthly', cancelAtPeriodEnd: false });
    }
    expect(won[0].res.body).toEqual(config);
    expect(await auditOf(owner, 'billing.plan_changed')).toHaveLength(1);

    // the reservation ended with the change: the next one goes through (a real change whichever body won the race:
    // asking for the plan already in force is a no-op that never reaches Stripe)
    stripe.slow(0);
    const change =
      winner.plan === 'professional' && winner.billingCycle === 'yearly'
        ? { plan: 'professional', billingCycle: 'monthly' }
        : { plan: 'professional', billingCycle: 'yearly' };
    const next = await t.http.put('/api/v1/billing/plan', change, { token: owner.token });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ ...change, cancelAtPeriodEnd: false });
    expect(stripe.calls('POST', `/v1/subscriptions/${subscription}`)).toHaveLength(2);
  }, 30_000);

  it('a reservation left by a process that died expires; a failed Stripe call releases it at once', async () => {
    const owner = await signup(t);
    const { subscription } = await subscribed(owner, 'starter');
    await t.sql(
      `UPDATE billing_config SET pending_change_id = gen_random_uuid(), pending_change_expires_at = now() + interval '1 hour' WHERE workspace_id = $1`,
      [owner.workspaceId],
    );
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token }), 409, 'conflict');
    await t.sql(`UPDATE billing_config SET pending_change_expires_at = now() - interval '1 second' WHERE workspace_id = $1`, [
      owner.workspaceId,
    ]);
    stripe.fail('reset');
    expectProblem(await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token }), 503, 'upstream_unavailable');
    stripe.fail(null);
    const res = await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body.plan).toBe('professional');
    expect(stripe.calls('POST', `/v1/subscriptions/${subscription}`).at(-1)?.params['metadata[plan]']).toBe('professional');
  });

  it('while checkout waits 5 s on Stripe creating the customer, the workspace’s billing requests and webhooks proceed', async () => {
    const owner = await signup(t);
    const draft = stripeEvent('invoice.created', {
      ...(await invoiceObject({ id: newInvoiceId(), customer: newCustomerId(), status: 'draft' })),
      metadata: { workspaceId: owner.workspaceId },
    });
    stripe.slow(STRIPE_DELAY_MS, (r) => r.method === 'POST' && r.path === '/v1/customers');
    const started = Date.now();
    let settled = false;
    const checkout = t.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token }).finally(() => {
      settled = true;
    });
    await eventually(() => stripe.calls('POST', '/v1/customers').some((r) => r.params['metadata[workspaceId]'] === owner.workspaceId), {
      what: 'the customer creation',
    });
    expect(await openBillingTransactions()).toBe(0);
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).status).toBe(200);
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).status).toBe(200);
    await deliverOk(t, draft); // locks the workspace's billing row
    expect(settled).toBe(false);
    expect(Date.now() - started).toBeLessThan(STRIPE_DELAY_MS);

    const res = await checkout;
    expect(res.status).toBe(201);
    const created = stripe.calls('POST', '/v1/customers').filter((r) => r.params['metadata[workspaceId]'] === owner.workspaceId);
    expect(created).toHaveLength(1);
    const [row] = await t.sql<{ stripe_customer_id: string }>('SELECT stripe_customer_id FROM billing_config WHERE workspace_id = $1', [
      owner.workspaceId,
    ]);
    expect(row.stripe_customer_id).toBe(created[0].response.id);
  }, 30_000);
});

describe('billing.plan_changed (a domain event other modules subscribe to)', () => {
  type PlanChanged = DomainEventMap['billing.plan_changed'] & { seenInTransaction: string };
  const seen: PlanChanged[] = [];
  beforeAll(() => {
    // a subscriber like another module's: it runs in the publisher's transaction and sees the uncommitted change
    t.app.get(DomainEvents).on('billing.plan_changed', async (tx, event) => {
      const [row] = await tx.query<{ plan: string }>(`SELECT plan FROM billing_config WHERE workspace_id = $1`, [event.workspaceId]);
      seen.push({ ...event, seenInTransaction: row.plan });
    });
  });
  const eventsOf = (owner: SignedUp) => seen.filter((e) => e.workspaceId === owner.workspaceId).map(({ workspaceId: _, ...e }) => e);

  it('is published on every change of the plan in force: checkout, API, webhook, cancellation; not for no-ops', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await subscribed(owner, 'starter'); // checkout.session.completed
    expect(eventsOf(owner)).toEqual([{ before: 'free', after: 'starter', source: 'stripe', seenInTransaction: 'starter' }]);

    await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token });
    await t.http.put('/api/v1/billing/plan', { plan: 'professional' }, { token: owner.token }); // no-op
    await t.http.put('/api/v1/billing/plan', { plan: 'professional', billingCycle: 'yearly' }, { token: owner.token }); // same plan
    await t.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token }); // cancels at the period end only
    expect(eventsOf(owner).slice(1)).toEqual([
      { before: 'starter', after: 'professional', source: 'api', seenInTransaction: 'professional' },
    ]);

    const back = await subscriptionObject({ id: subscription, customer, plan: 'starter', cycle: 'yearly' });
    await deliverOk(t, stripeEvent('customer.subscription.updated', back, { created: nowSec() + 5 }));
    const deleted = await subscriptionObject({ id: subscription, customer, plan: 'starter', status: 'canceled' });
    await deliverOk(t, stripeEvent('customer.subscription.deleted', deleted, { created: nowSec() + 10 }));
    expect(eventsOf(owner).slice(2)).toEqual([
      { before: 'professional', after: 'starter', source: 'stripe', seenInTransaction: 'starter' },
      { before: 'starter', after: 'free', source: 'stripe', seenInTransaction: 'free' },
    ]);
    expect((await t.http.get('/api/v1/billing/config', { token: owner.token })).body).toMatchObject({ plan: 'free', status: 'canceled' });
  });
});

describe('without Stripe configured', () => {
  let bare: TestContext;
  beforeAll(async () => {
    bare = await createTestContext({ env: { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' } });
  });
  afterAll(async () => {
    await bare.close();
  });

  it('paid operations answer 503 upstream_unavailable; everything else works', async () => {
    const owner = await signup(bare);
    expectProblem(await bare.http.post('/api/v1/billing/checkout', CHECKOUT, { token: owner.token }), 503, 'upstream_unavailable');
    expectProblem(await bare.http.put('/api/v1/billing/plan', { plan: 'starter' }, { token: owner.token }), 503, 'upstream_unavailable');
    expectProblem(
      await bare.http.put('/api/v1/billing/plan', { plan: 'professional', billingCycle: 'yearly' }, { token: owner.token }),
      503,
      'upstream_unavailable',
    );
    // the order still holds: validation, role and enterprise come before the missing key
    expectProblem(await bare.http.put('/api/v1/billing/plan', { plan: 'gold' }, { token: owner.token }), 400, 'validation_failed');
    const admin = await addMember(bare, owner, 'admin');
    expectProblem(await bare.http.put('/api/v1/billing/plan', { plan: 'starter' }, { token: admin.token }), 403, 'forbidden');
    expectProblem(await bare.http.put('/api/v1/billing/plan', { plan: 'enterprise' }, { token: owner.token }), 403, 'forbidden');
    expectProblem(
      await bare.http.post('/api/v1/billing/checkout', { ...CHECKOUT, plan: 'enterprise' }, { token: owner.token }),
      403,
      'forbidden',
    );

    expect((await bare.http.put('/api/v1/billing/plan', { plan: 'free' }, { token: owner.token })).status).toBe(200);
    expect((await bare.http.get('/api/v1/billing/config', { token: owner.token })).body.plan).toBe('free');
    expect((await bare.http.get('/api/v1/billing/usage', { token: owner.token })).status).toBe(200);
    expect((await bare.http.get('/api/v1/billing/invoices', { token: owner.token })).body).toEqual({ data: [], nextCursor: null });
    const webhook = await bare.http.post('/api/v1/billing/webhooks', undefined, {
      raw: '{"id":"evt_1"}',
      headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' },
    });
    expectProblem(webhook, 503, 'upstream_unavailable');
  });
});
