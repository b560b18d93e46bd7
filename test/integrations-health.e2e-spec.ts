import { randomBytes } from 'node:crypto';
import { TestContext } from './support/context';
import { signup, SignedUp } from './support/factories';
import { configureIntegration, eventually, integrationsContext, Receiver } from './support/integrations-receiver';

/*
 * Scheduled health checks (BullMQ repeatable job every HEALTH_CHECK_INTERVAL_SECONDS, one check per
 * enabled integration): results in `health`, 5 failures in a row disable the integration.
 */

const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

let t: TestContext;
let rx: Receiver;

beforeAll(async () => {
  ({ t, rx } = await integrationsContext(
    (req) => {
      if (req.path === '/v2/enqueue') return { status: 202, body: '{"status":"success"}' };
      if (req.path === '/dd/api/v1/validate')
        return req.headers['dd-api-key'] ? { status: 200, body: '{"valid":true}' } : { status: 403, body: '{}' };
      if (req.path.startsWith('/api/7/envelope/')) return { status: 200, body: '{}' };
      if (req.path.endsWith('/slack')) return req.body === '{}' ? { status: 400, body: 'no_text' } : { status: 200, body: 'ok' };
      return { status: 200, body: 'ok' };
    },
    { HEALTH_CHECK_INTERVAL_SECONDS: '1' },
  ));
});
afterAll(async () => {
  await t?.close();
  await rx?.stop();
});

const put = (o: SignedUp, type: string, body: Record<string, unknown>) => configureIntegration(t, o, type, body);

const get = async (o: SignedUp, type: string) => (await t.http.get(`/api/v1/integrations/${type}`, { token: o.token })).body;

describe('health checks', () => {
  it('a receiver failing 5 times in a row → integration disabled, audited as the system; enable resets health', async () => {
    const owner = await signup(t);
    const failing = await Receiver.start(() => ({ status: 503, body: 'maintenance' }));
    try {
      await put(owner, 'webhook', { config: { url: failing.url('/hook') } });
      const disabled = await eventually(
        async () => {
          const i = await get(owner, 'webhook');
          return i.enabled ? null : i;
        },
        { timeoutMs: 25_000, what: 'auto-disable' },
      );
      expect(disabled).toMatchObject({
        enabled: false,
        configured: true,
        autoDisabled: true,
        health: {
          status: 'failing',
          consecutiveFailures: 5,
          lastError: 'HTTP 503',
          lastSuccessAt: null,
          lastCheckedAt: expect.any(String),
        },
      });
      // health probes are side-effect free: HEAD only, nothing delivered
      expect(failing.requests.length).toBeGreaterThanOrEqual(5);
      expect(failing.requests.every((r) => r.method === 'HEAD')).toBe(true);

      const audit = await t.http.get('/api/v1/audit-logs?action=integration.auto_disabled', { token: owner.token });
      expect(audit.body.data).toEqual([
        expect.objectContaining({
          action: 'integration.auto_disabled',
          actor: { type: 'system', id: null },
          targetType: 'integration',
          targetId: 'webhook',
          metadata: { consecutiveFailures: 5, lastError: 'HTTP 503' },
        }),
      ]);

      const enabled = await t.http.post('/api/v1/integrations/webhook/enable', undefined, { token: owner.token });
      expect(enabled.status).toBe(200);
      expect(enabled.body).toMatchObject({
        enabled: true,
        autoDisabled: false,
        health: { status: 'unknown', consecutiveFailures: 0, lastError: null, lastCheckedAt: null },
      });
      const enabledAudit = await t.http.get('/api/v1/audit-logs?action=integration.enabled', { token: owner.token });
      expect(enabledAudit.body.data[0].metadata).toEqual({ healthReset: true });
    } finally {
      await t.http.delete('/api/v1/integrations/webhook', { token: owner.token });
      await failing.stop();
    }
  });

  it('a receiver that recovers → healthy again, failure streak reset, still enabled', async () => {
    const owner = await signup(t);
    const flaky = await Receiver.start((_req, i) => (i < 2 ? { status: 500, body: 'warming up' } : { status: 204 }));
    try {
      await put(owner, 'custom', {
        config: { url: flaky.url('/alerts'), method: 'POST' },
        credentials: { headers: { Authorization: 'Bearer abcdefgh12345678' } },
      });
      await eventually(async () => (await get(owner, 'custom')).health.consecutiveFailures >= 1, { what: 'a failed check' });
      const healthy = await eventually(
        async () => {
          const i = await get(owner, 'custom');
          return i.health.status === 'healthy' ? i : null;
        },
        { what: 'recovery' },
      );
      expect(healthy).toMatchObject({
        enabled: true,
        autoDisabled: false,
        health: { status: 'healthy', consecutiveFailures: 0, lastError: null, lastSuccessAt: expect.any(String) },
      });
      expect(flaky.requests.length).toBeGreaterThanOrEqual(3);
      expect(flaky.requests[0]).toMatchObject({ method: 'HEAD', path: '/alerts' });
      expect(flaky.requests[0].headers.authorization).toBe('Bearer abcdefgh12345678');
    } finally {
      await t.http.delete('/api/v1/integrations/custom', { token: owner.token });
      await flaky.stop();
    }
  });

  it('each provider is probed without sending an alert, and comes up healthy', async () => {
    const owner = await signup(t);
    await t.sql(`INSERT INTO billing_config (workspace_id, plan, status) VALUES ($1, 'starter', 'active')`, [owner.workspaceId]);
    const path = `/${hex(8)}`;
    const routingKey = alnum(32);
    const apiKey = hex(32);
    const publicKey = hex(32);
    await put(owner, 'slack', { config: {}, credentials: { webhookUrl: rx.url(`${path}/slack`) } });
    await put(owner, 'pagerduty', { config: { region: 'us', severity: 'critical' }, credentials: { routingKey } });
    await put(owner, 'datadog', { config: { site: 'datadoghq.com' }, credentials: { apiKey } });
    await put(owner, 'sentry', { config: {}, credentials: { dsn: `http://${publicKey}@${rx.host}/7` } });
    try {
      await eventually(
        async () => {
          const list = (await t.http.get('/api/v1/integrations', { token: owner.token })).body.data;
          return list.filter((i: any) => i.enabled).every((i: any) => i.health.status === 'healthy');
        },
        { what: 'all healthy' },
      );
      // Slack: an empty message (400 no_text from a live hook); nothing posted
      expect(rx.on(`${path}/slack`).every((r) => r.method === 'POST' && r.body === '{}')).toBe(true);
      // PagerDuty: only `resolve` of a key that never triggers, never a `trigger`
      const pd = rx
        .on('/v2/enqueue')
        .map((r) => JSON.parse(r.body))
        .filter((b) => b.routing_key === routingKey);
      expect(pd.length).toBeGreaterThan(0);
      expect(pd.every((b) => b.event_action === 'resolve' && b.dedup_key === 'agentobs-health-check')).toBe(true);
      // Datadog: the key validation endpoint
      // (only this workspace's requests: the receiver is shared by the file's other tests)
      const dd = rx.on('/dd').filter((r) => r.headers['dd-api-key'] === apiKey);
      expect(dd.length).toBeGreaterThan(0);
      expect(dd.every((r) => r.method === 'GET' && r.path === '/dd/api/v1/validate')).toBe(true);
      // Sentry: an empty client report, authenticated with the DSN's key; no event item
      const sentry = rx.on('/api/7/envelope/').filter((r) => String(r.headers['x-sentry-auth']).includes(publicKey));
      expect(sentry.length).toBeGreaterThan(0);
      for (const r of sentry) {
        const items = r.body
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .filter((x) => x.type);
        expect(items.map((x) => x.type)).toEqual(['client_report']);
      }
    } finally {
      for (const type of ['slack', 'pagerduty', 'datadog', 'sentry'])
        await t.http.delete(`/api/v1/integrations/${type}`, { token: owner.token });
    }
  });

  it('a disabled integration is not checked', async () => {
    const owner = await signup(t);
    const quiet = await Receiver.start();
    const loud = await Receiver.start();
    try {
      await put(owner, 'webhook', { config: { url: quiet.url('/hook') }, enabled: false });
      await put(owner, 'custom', { config: { url: loud.url('/hook'), method: 'POST' } });
      // once the enabled one has been checked twice, the disabled one had two chances to be
      await eventually(() => loud.requests.length >= 2, { what: 'two checks of the enabled integration' });
      expect(quiet.requests).toHaveLength(0);
      expect((await get(owner, 'webhook')).health.status).toBe('unknown');
    } finally {
      await t.http.delete('/api/v1/integrations/custom', { token: owner.token });
      await quiet.stop();
      await loud.stop();
    }
  });
});
