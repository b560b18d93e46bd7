/**
 * Plan limits enforced through the billing module's exported services: seats (team invitations),
 * traces per month (UsageService, on the real database, and the ingestion endpoint), and an upgrade
 * delivered by a signed Stripe webhook lifting a limit on the very next request.
 */
import { Db } from '../src/database/db';
import { randomBytes } from 'node:crypto';
import { DomainError } from '../src/common/errors/domain-error';
import { UsageMeters } from '../src/modules/billing/usage-meters';
import { UsageService } from '../src/modules/billing/usage.service';
import {
  checkoutSessionObject,
  deliverOk,
  newCustomerId,
  newSubscriptionId,
  nowSec,
  SECRET_KEY,
  stripeEvent,
  subscriptionObject,
  WEBHOOK_SECRET,
} from './billing.helpers';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp, uniqueEmail } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({
    env: { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: process.env.STRIPE_API_BASE as string },
  });
});
afterAll(async () => {
  await t.close();
});

/** Stripe reports a completed checkout for `plan`: the workspace is on it from the next request. */
async function upgradeViaWebhook(owner: SignedUp, plan: 'starter' | 'professional') {
  const customer = newCustomerId();
  const subscription = newSubscriptionId();
  await deliverOk(
    t,
    stripeEvent(
      'checkout.session.completed',
      await checkoutSessionObject({ workspaceId: owner.workspaceId, customer, subscription, plan }),
    ),
  );
  return { customer, subscription };
}

const invite = (owner: SignedUp) =>
  t.http.post('/api/v1/team/invite', { email: uniqueEmail('seat'), role: 'member' }, { token: owner.token });

/** Counts `count` new traces in one transaction, as ingestion does. */
async function reserve(workspaceId: string, count: number, at = new Date()) {
  await t.app.get(Db).transaction((tx) => t.app.get(UsageService).reserveTraces(tx, workspaceId, count, at));
}

const thresholdEvents = (workspaceId: string) =>
  t.sql<{ threshold: number; used: number; limit: number }>(
    `SELECT (payload->'event'->'data'->>'threshold')::int AS threshold, (payload->'event'->'data'->>'used')::int AS used,
          (payload->'event'->'data'->>'limit')::int AS "limit"
     FROM outbox WHERE payload->'event'->>'type' = 'usage.threshold' AND payload->'event'->>'workspaceId' = $1 ORDER BY created_at`,
    [workspaceId],
  );

describe('seats', () => {
  it('the 6th seat on free is 402 (members + pending invitations); an upgrade via webhook lifts it at once', async () => {
    const owner = await signup(t);
    await addMember(t, owner, 'admin');
    await addMember(t, owner, 'member');
    await addMember(t, owner, 'viewer');
    expect((await invite(owner)).status).toBe(201); // 5th seat: a pending invitation
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.seats).toEqual({ used: 5, limit: 5 });

    const sixth = await invite(owner);
    expectProblem(sixth, 402, 'plan_limit_exceeded');
    expect(sixth.body.detail).toMatch(/5 seats/);

    await upgradeViaWebhook(owner, 'starter');
    expect((await invite(owner)).status).toBe(201);
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.seats).toEqual({ used: 6, limit: 10 });
  });

  it('a downgrade below usage is allowed but blocks new additions until usage is back under the limit', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await upgradeViaWebhook(owner, 'starter');
    for (let i = 0; i < 5; i++) expect((await invite(owner)).status).toBe(201);
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.deleted',
        await subscriptionObject({ id: subscription, customer, plan: 'starter', status: 'canceled' }),
      ),
    );
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.seats).toEqual({ used: 6, limit: 5 });
    // nothing is taken away, but nothing can be added
    expect((await t.http.get('/api/v1/team/invitations', { token: owner.token })).body.data).toHaveLength(5);
    expectProblem(await invite(owner), 402, 'plan_limit_exceeded');
  });

  it('the seats usage meter (registered by the team module) counts active members and live invitations only', async () => {
    const owner = await signup(t);
    const removed = await addMember(t, owner, 'member');
    await t.sql(`UPDATE team_members SET status = 'removed', removed_at = now() WHERE id = $1`, [removed.memberId]);
    const live = await invite(owner);
    const expired = await invite(owner);
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.body.id]);
    expect(live.status).toBe(201);
    expect(await t.app.get(UsageMeters).used('seats', owner.workspaceId)).toBe(2);
  });
});

describe('integrations', () => {
  const CONFIGS: Record<string, unknown> = {
    datadog: { config: { site: 'datadoghq.com' }, credentials: { apiKey: '0123456789abcdef0123456789abcdef' }, enabled: true },
    pagerduty: {
      config: { region: 'us', severity: 'error' },
      credentials: { routingKey: 'R0123456789abcdef0123456789abcde' },
      enabled: true,
    },
    sentry: {
      config: { environment: 'production' },
      credentials: { dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42' },
      enabled: true,
    },
    custom: { config: { url: 'https://ops.example.com/alerts', method: 'POST' }, enabled: true },
  };

  it('the 4th enabled integration on free is 402; an upgrade via webhook lifts it at once', async () => {
    const owner = await signup(t);
    for (const type of ['datadog', 'pagerduty', 'sentry']) {
      const res = await t.http.put(`/api/v1/integrations/${type}`, CONFIGS[type], { token: owner.token });
      expect([type, res.status]).toEqual([type, 200]);
    }
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.integrations).toEqual({ used: 3, limit: 3 });
    const fourth = await t.http.put('/api/v1/integrations/custom', CONFIGS.custom, { token: owner.token });
    expectProblem(fourth, 402, 'plan_limit_exceeded');
    expect(fourth.body.detail).toMatch(/3 enabled integrations/);

    await upgradeViaWebhook(owner, 'starter');
    expect((await t.http.put('/api/v1/integrations/custom', CONFIGS.custom, { token: owner.token })).status).toBe(200);
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.integrations).toEqual({ used: 4, limit: 6 });
  });
});

describe('traces per month', () => {
  it('UsageService refuses traces beyond the quota with 402 and counts nothing; thresholds are announced once each', async () => {
    const owner = await signup(t);
    await reserve(owner.workspaceId, 7_999);
    expect(await thresholdEvents(owner.workspaceId)).toEqual([]);
    await reserve(owner.workspaceId, 1);
    await reserve(owner.workspaceId, 1_000);
    expect(await thresholdEvents(owner.workspaceId)).toEqual([{ threshold: 80, used: 8_000, limit: 10_000 }]);
    await reserve(owner.workspaceId, 1_000);
    expect(await thresholdEvents(owner.workspaceId)).toEqual([
      { threshold: 80, used: 8_000, limit: 10_000 },
      { threshold: 100, used: 10_000, limit: 10_000 },
    ]);

    const refused = await reserve(owner.workspaceId, 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'plan_limit_exceeded', status: 402 });
    expect((refused as DomainError).detail).toMatch(/10000/);
    const usage = (await t.http.get('/api/v1/billing/usage', { token: owner.token })).body;
    expect(usage.traces).toEqual({ used: 10_000, limit: 10_000 });

    // the upgrade lifts the quota on the next call
    await upgradeViaWebhook(owner, 'starter');
    await reserve(owner.workspaceId, 1);
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.traces).toEqual({ used: 10_001, limit: 100_000 });
    expect(await thresholdEvents(owner.workspaceId)).toHaveLength(2);
  });

  it('a batch that would pass the quota is refused whole', async () => {
    const owner = await signup(t);
    await reserve(owner.workspaceId, 9_990);
    await expect(reserve(owner.workspaceId, 11)).rejects.toMatchObject({ code: 'plan_limit_exceeded' });
    await reserve(owner.workspaceId, 10);
    expect((await t.http.get('/api/v1/billing/usage', { token: owner.token })).body.traces.used).toBe(10_000);
  });

  it('the ingestion endpoint answers 402 at the quota, and accepts again right after an upgrade webhook', async () => {
    const owner = await signup(t);
    const key = await createApiKey(t, owner.token, 'member');
    await reserve(owner.workspaceId, 10_000);
    const span = () => ({
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      name: 'agent',
      kind: 'agent',
      startTime: new Date().toISOString(),
      status: 'ok',
    });
    const refused = await t.http.post('/api/v1/ingest', { spans: [span()] }, { token: key.key });
    expectProblem(refused, 402, 'plan_limit_exceeded');

    await upgradeViaWebhook(owner, 'starter');
    const accepted = await t.http.post('/api/v1/ingest', { spans: [span()] }, { token: key.key });
    expect(accepted.status).toBe(200);
    expect(accepted.body.accepted).toBe(1);
  });

  it('a lapsed subscription falls back to the free quota', async () => {
    const owner = await signup(t);
    const { customer, subscription } = await upgradeViaWebhook(owner, 'professional');
    await reserve(owner.workspaceId, 20_000);
    await deliverOk(
      t,
      stripeEvent(
        'customer.subscription.updated',
        await subscriptionObject({ id: subscription, customer, plan: 'professional', status: 'incomplete' }),
        { created: nowSec() + 1 },
      ),
    );
    await expect(reserve(owner.workspaceId, 1)).rejects.toMatchObject({ code: 'plan_limit_exceeded' });
  });
});
