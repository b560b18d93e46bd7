import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp } from './support/factories';
import { Received, Receiver } from './support/integrations-receiver';

/*
 * Integrations through HTTP: configure, read back masked, test against a local receiver that asserts
 * the provider-shaped request, disable, enable, purge; validation per type; roles; plan limit.
 */

const KEY = `k1:${randomBytes(32).toString('base64')}`;
const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

let t: TestContext;
let rx: Receiver;
/** allow-listed, but nothing listens there */
let deadUrl: string;

beforeAll(async () => {
  rx = await Receiver.start((req) => {
    if (req.path === '/v2/enqueue')
      return { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: 'x' }) };
    if (req.path === '/api/v2/events') return { status: 202, body: '{"status":"ok"}' };
    if (req.path.startsWith('/api/42/envelope/')) return { status: 200, body: '{"id":"x"}' };
    if (req.path === '/fail') return { status: 500, body: 'upstream exploded' };
    return { status: 200, body: 'ok' };
  });
  const dead = await Receiver.start();
  deadUrl = dead.url('/x');
  await dead.stop();
  t = await createTestContext({
    env: {
      ENCRYPTION_KEYS: KEY,
      OUTBOUND_ALLOW_HOSTS: `${rx.host},${new URL(deadUrl).host}`,
      PAGERDUTY_EVENTS_URL: rx.url('/v2/enqueue'),
      DATADOG_API_URL: rx.url(),
    },
  });
});
afterAll(async () => {
  await t?.close();
  await rx?.stop();
});

interface Case {
  /** a valid PUT body; `secrets` are the clear-text values that must never come back */
  body: () => { body: Record<string, unknown>; secrets: string[] };
  masked: (secrets: string[], body: Record<string, any>) => Record<string, unknown>;
  /** asserts the provider-shaped request the test endpoint sent */
  check: (req: Received, secrets: string[], signingSecret?: string) => void;
  /** invalid bodies and the field each must name */
  bad: [Record<string, unknown>, string][];
}

const testEvent = (json: any) => {
  expect(json).toMatchObject({
    type: 'integration.test',
    workspaceId: expect.any(String),
    data: { message: expect.stringContaining('Test alert') },
  });
  expect(new Date(json.timestamp).toISOString()).toBe(json.timestamp);
};

const CASES: Record<string, Case> = {
  slack: {
    body: () => {
      const secret = alnum(24);
      return {
        body: {
          name: 'Ops Slack',
          config: { channel: '#agent-alerts' },
          credentials: { webhookUrl: rx.url(`/services/T000/B000/${secret}`) },
        },
        secrets: [secret],
      };
    },
    masked: ([s]) => ({ webhookUrl: `••••${s.slice(-4)}` }),
    check: (req, [secret]) => {
      expect(req).toMatchObject({ method: 'POST', path: `/services/T000/B000/${secret}` });
      expect(req.headers['content-type']).toBe('application/json');
      const json = JSON.parse(req.body);
      expect(json.channel).toBe('#agent-alerts');
      expect(json.text).toContain('Test alert from Agent Monitoring');
      expect(json.blocks[0]).toEqual({
        type: 'header',
        text: { type: 'plain_text', text: 'Test alert from Agent Monitoring', emoji: true },
      });
      expect(json.blocks.map((b: any) => b.type)).toEqual(['header', 'section', 'context']);
    },
    bad: [
      [{ config: { channel: 'bad channel!' }, credentials: { webhookUrl: 'https://hooks.slack.com/services/a' } }, 'config.channel'],
      [{ config: {}, credentials: { webhookUrl: 'not a url' } }, 'credentials.webhookUrl'],
      [{ config: {}, credentials: { webhookUrl: 'https://example.com/services/T/B/X' } }, 'credentials.webhookUrl'],
      [{ config: {}, credentials: {} }, 'credentials.webhookUrl'],
      [{ config: {} }, 'credentials'],
      [{ config: { channel: '#a', color: 'red' }, credentials: { webhookUrl: 'https://hooks.slack.com/services/a' } }, 'config.color'],
    ],
  },
  pagerduty: {
    body: () => {
      const key = alnum(32);
      return { body: { config: { region: 'eu', severity: 'critical' }, credentials: { routingKey: key } }, secrets: [key] };
    },
    masked: ([k]) => ({ routingKey: `••••${k.slice(-4)}` }),
    check: (req, [key]) => {
      expect(req).toMatchObject({ method: 'POST', path: '/v2/enqueue' });
      const json = JSON.parse(req.body);
      expect(json).toMatchObject({
        routing_key: key,
        event_action: 'trigger',
        dedup_key: expect.stringMatching(/^agentobs:.+:test:/),
        payload: {
          summary: expect.stringContaining('Test alert'),
          severity: 'critical',
          source: expect.stringMatching(/^agent-monitoring\//),
          class: 'integration.test',
        },
      });
    },
    bad: [
      [{ config: { region: 'apac', severity: 'critical' }, credentials: { routingKey: alnum(32) } }, 'config.region'],
      [{ config: { region: 'us', severity: 'fatal' }, credentials: { routingKey: alnum(32) } }, 'config.severity'],
      [{ config: { region: 'us' }, credentials: { routingKey: alnum(32) } }, 'config.severity'],
      [{ config: { region: 'us', severity: 'info' }, credentials: { routingKey: 'short' } }, 'credentials.routingKey'],
    ],
  },
  webhook: {
    body: () => ({ body: { config: { url: rx.url('/hook'), events: ['trace.error'] } }, secrets: [] }),
    masked: () => ({ signingSecret: expect.stringMatching(/^••••.{4}$/) }),
    check: (req, _s, signingSecret) => {
      expect(req).toMatchObject({ method: 'POST', path: '/hook' });
      expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      const verified = new Webhook(signingSecret as string).verify(req.body, req.headers as Record<string, string>);
      testEvent(verified);
      expect(req.headers['webhook-id']).toEqual(expect.any(String));
    },
    bad: [
      [{ config: { url: 'ftp://example.com/x', events: [] } }, 'config.url'],
      [{ config: { events: [] } }, 'config.url'],
      [{ config: { url: 'https://example.com/x', events: ['trace.started'] } }, 'config.events'],
      [{ config: { url: 'https://example.com/x', events: 'trace.error' } }, 'config.events'],
      [{ config: { url: 'https://example.com/x' }, credentials: { signingSecret: 'plainsecret' } }, 'credentials.signingSecret'],
    ],
  },
  sentry: {
    body: () => {
      const publicKey = hex(32);
      return {
        body: { config: { environment: 'staging' }, credentials: { dsn: `http://${publicKey}@${rx.host}/42` } },
        secrets: [publicKey],
      };
    },
    masked: (_s, body) => ({ dsn: `••••${body.credentials.dsn.slice(-4)}` }),
    check: (req, [publicKey]) => {
      expect(req).toMatchObject({ method: 'POST', path: '/api/42/envelope/' });
      expect(req.headers['content-type']).toBe('application/x-sentry-envelope');
      expect(req.headers['x-sentry-auth']).toMatch(new RegExp(`^Sentry sentry_version=7, sentry_client=[^,]+, sentry_key=${publicKey}$`));
      const [header, item, payload] = req.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(header.event_id).toMatch(/^[0-9a-f]{32}$/);
      expect(item).toMatchObject({ type: 'event', length: Buffer.byteLength(req.body.trim().split('\n')[2]) });
      expect(payload).toMatchObject({
        event_id: header.event_id,
        level: 'info',
        environment: 'staging',
        message: { formatted: expect.stringContaining('Test alert') },
      });
    },
    bad: [
      [{ config: {}, credentials: { dsn: 'https://sentry.io/42' } }, 'credentials.dsn'],
      [{ config: {}, credentials: { dsn: `https://${hex(32)}@o1.ingest.sentry.io/notanumber` } }, 'credentials.dsn'],
      [{ config: { environment: 'has space' }, credentials: { dsn: `https://${hex(32)}@o1.ingest.sentry.io/1` } }, 'config.environment'],
    ],
  },
  datadog: {
    body: () => {
      const key = hex(32);
      return { body: { config: { site: 'datadoghq.eu' }, credentials: { apiKey: key } }, secrets: [key] };
    },
    masked: ([k]) => ({ apiKey: `••••${k.slice(-4)}` }),
    check: (req, [key]) => {
      expect(req).toMatchObject({ method: 'POST', path: '/api/v2/events' });
      expect(req.headers['dd-api-key']).toBe(key);
      const json = JSON.parse(req.body);
      expect(json).toMatchObject({
        data: {
          type: 'event',
          attributes: {
            title: 'Test alert from Agent Monitoring',
            category: 'alert',
            tags: expect.arrayContaining(['event_type:integration.test']),
            attributes: { status: 'ok', priority: '5' },
          },
        },
      });
    },
    bad: [
      [{ config: { site: 'datadoghq.fr' }, credentials: { apiKey: hex(32) } }, 'config.site'],
      [{ config: { site: 'datadoghq.com' }, credentials: { apiKey: 'zz' } }, 'credentials.apiKey'],
      [{ config: {}, credentials: { apiKey: hex(32) } }, 'config.site'],
    ],
  },
  custom: {
    body: () => {
      const token = alnum(30);
      return {
        body: {
          config: { url: rx.url('/custom?x=1'), method: 'PUT', headers: { 'X-Team': 'ml-platform' } },
          credentials: { headers: { Authorization: `Bearer ${token}` } },
        },
        secrets: [token],
      };
    },
    masked: ([tok]) => ({ headers: { Authorization: `••••${tok.slice(-4)}` } }),
    check: (req, [token]) => {
      expect(req).toMatchObject({ method: 'PUT', path: '/custom?x=1' });
      expect(req.headers).toMatchObject({
        'x-team': 'ml-platform',
        authorization: `Bearer ${token}`,
        'x-agentobs-event-type': 'integration.test',
        'content-type': 'application/json',
      });
      testEvent(JSON.parse(req.body));
    },
    bad: [
      [{ config: { url: 'https://example.com', method: 'PATCH' } }, 'config.method'],
      [{ config: { url: 'https://example.com', method: 'POST', headers: { 'Bad Header': 'x' } } }, 'config.headers'],
      [{ config: { url: 'https://example.com', method: 'POST', headers: { Host: 'evil' } } }, 'config.headers'],
      [
        { config: { url: 'https://example.com', method: 'POST' }, credentials: { headers: { 'X-Key': 'a\r\nInjected: 1' } } },
        'credentials.headers',
      ],
      [
        { config: { url: 'https://example.com', method: 'POST', headers: { 'X-Key': 'a' } }, credentials: { headers: { 'x-key': 'b' } } },
        'config.headers',
      ],
    ],
  },
};

describe.each(Object.keys(CASES))('%s', (type) => {
  const c = CASES[type];

  it('configures, reads back masked, tests against the receiver, disables, enables and purges', async () => {
    const owner = await signup(t);
    const token = owner.token;
    const before = await t.http.get(`/api/v1/integrations/${type}`, { token });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      type,
      configured: false,
      enabled: false,
      config: null,
      credentials: null,
      updatedAt: null,
      health: { status: 'unknown', consecutiveFailures: 0 },
    });

    const { body, secrets } = c.body();
    const put = await t.http.put(`/api/v1/integrations/${type}`, body, { token });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      type,
      configured: true,
      enabled: true,
      autoDisabled: false,
      config: body.config,
      credentials: c.masked(secrets, body),
    });
    for (const s of secrets) expect(put.text).not.toContain(s);
    const signingSecret: string | undefined = put.body.signingSecret;
    if (type === 'webhook') expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    else expect(signingSecret).toBeUndefined();

    const got = await t.http.get(`/api/v1/integrations/${type}`, { token });
    expect(got.body).toEqual({ ...put.body, signingSecret: undefined });
    expect(got.body.signingSecret).toBeUndefined();
    for (const s of [...secrets, signingSecret ?? '\u0000']) expect(got.text).not.toContain(s);
    const list = await t.http.get('/api/v1/integrations', { token });
    expect(list.body.data.map((i: any) => i.type)).toEqual(['slack', 'pagerduty', 'webhook', 'sentry', 'datadog', 'custom']);
    expect(list.body.data.find((i: any) => i.type === type)).toEqual(got.body);

    // at rest: AES-GCM envelope with the key id, never the plaintext
    const [row] = await t.sql<{ credentials: string; config: unknown }>(
      `SELECT credentials, config FROM integrations_config WHERE workspace_id = $1 AND type = $2`,
      [owner.workspaceId, type],
    );
    expect(row.credentials).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    for (const s of [...secrets, signingSecret ?? '\u0000']) {
      expect(row.credentials).not.toContain(s);
      expect(JSON.stringify(row.config)).not.toContain(s);
    }

    const seen = rx.requests.length;
    const test = await t.http.post(`/api/v1/integrations/${type}/test`, undefined, { token });
    expect(test.status).toBe(200);
    expect(test.body).toEqual({ ok: true, statusCode: expect.any(Number), latencyMs: expect.any(Number) });
    expect(test.body.statusCode).toBeGreaterThanOrEqual(200);
    expect(test.body.statusCode).toBeLessThan(300);
    const sent = rx.requests.slice(seen);
    expect(sent).toHaveLength(1);
    c.check(sent[0], secrets, signingSecret);

    const healthy = await t.http.get(`/api/v1/integrations/${type}`, { token });
    expect(healthy.body.health).toMatchObject({
      status: 'healthy',
      consecutiveFailures: 0,
      lastError: null,
      lastCheckedAt: expect.any(String),
      lastSuccessAt: expect.any(String),
    });
    const deliveries = await t.http.get(`/api/v1/integrations/${type}/deliveries`, { token });
    expect(deliveries.status).toBe(200);
    expect(deliveries.body).toEqual({
      nextCursor: null,
      data: [
        {
          id: expect.any(String),
          eventId: expect.any(String),
          eventType: 'integration.test',
          status: 'delivered',
          attempts: 1,
          responseStatus: test.body.statusCode,
          latencyMs: expect.any(Number),
          lastError: null,
          createdAt: expect.any(String),
          deliveredAt: expect.any(String),
        },
      ],
    });

    expect((await t.http.delete(`/api/v1/integrations/${type}`, { token })).status).toBe(204);
    const disabled = await t.http.get(`/api/v1/integrations/${type}`, { token });
    expect(disabled.body).toMatchObject({ enabled: false, configured: true, config: body.config, credentials: c.masked(secrets, body) });

    const enabled = await t.http.post(`/api/v1/integrations/${type}/enable`, undefined, { token });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, configured: true });

    expect((await t.http.delete(`/api/v1/integrations/${type}?purge=true`, { token })).status).toBe(204);
    const purged = await t.http.get(`/api/v1/integrations/${type}`, { token });
    expect(purged.body).toMatchObject({
      configured: false,
      enabled: false,
      config: null,
      credentials: null,
      health: { status: 'unknown' },
    });
    const [after] = await t.sql<{ credentials: string | null; config: unknown }>(
      `SELECT credentials, config FROM integrations_config WHERE workspace_id = $1 AND type = $2`,
      [owner.workspaceId, type],
    );
    expect(after).toEqual({ credentials: null, config: null });
    // the delivery log survives a purge
    expect((await t.http.get(`/api/v1/integrations/${type}/deliveries`, { token })).body.data).toHaveLength(1);

    const audit = await t.http.get('/api/v1/audit-logs?limit=100', { token });
    const mine = audit.body.data.filter((a: any) => a.targetType === 'integration');
    expect(mine.map((a: any) => a.action).reverse()).toEqual([
      'integration.updated',
      'integration.tested',
      'integration.disabled',
      'integration.enabled',
      'integration.purged',
    ]);
    expect(mine.every((a: any) => a.targetId === type && a.actor.type === 'user' && a.actor.id === owner.userId)).toBe(true);
    for (const s of [...secrets, signingSecret ?? '\u0000']) expect(audit.text).not.toContain(s);
  });

  it('rejects a bad config or bad credentials with 400 naming the field, and stores nothing', async () => {
    const owner = await signup(t);
    for (const [body, field] of c.bad) {
      const res = await t.http.put(`/api/v1/integrations/${type}`, body, { token: owner.token });
      expectProblem(res, 400, 'validation_failed');
      expect({ body, fields: res.body.errors.map((e: any) => e.field) }).toEqual({ body, fields: expect.arrayContaining([field]) });
    }
    const res = await t.http.put(`/api/v1/integrations/${type}`, { ...c.body().body, extra: true }, { token: owner.token });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'extra' })]);
    expectProblem(await t.http.put(`/api/v1/integrations/${type}`, undefined, { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.put(`/api/v1/integrations/${type}`, [], { token: owner.token }), 400, 'validation_failed');
    expect(await t.sql(`SELECT 1 FROM integrations_config WHERE workspace_id = $1`, [owner.workspaceId])).toHaveLength(0);
  });
});

describe('updates', () => {
  it('keeps stored credentials when they are omitted, and replaces them when given', async () => {
    const owner = await signup(t);
    const key = alnum(32);
    const first = await t.http.put(
      '/api/v1/integrations/pagerduty',
      { name: 'PD', config: { region: 'us', severity: 'error' }, credentials: { routingKey: key } },
      { token: owner.token },
    );
    expect(first.status).toBe(200);
    const second = await t.http.put(
      '/api/v1/integrations/pagerduty',
      { config: { region: 'us', severity: 'warning' } },
      { token: owner.token },
    );
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ name: 'PD', config: { severity: 'warning' }, credentials: { routingKey: `••••${key.slice(-4)}` } });
    const seen = rx.requests.length;
    expect((await t.http.post('/api/v1/integrations/pagerduty/test', undefined, { token: owner.token })).body.ok).toBe(true);
    expect(JSON.parse(rx.requests[seen].body)).toMatchObject({ routing_key: key, payload: { severity: 'warning' } });

    const newKey = alnum(32);
    await t.http.put(
      '/api/v1/integrations/pagerduty',
      { config: { region: 'us', severity: 'warning' }, credentials: { routingKey: newKey } },
      { token: owner.token },
    );
    const seen2 = rx.requests.length;
    await t.http.post('/api/v1/integrations/pagerduty/test', undefined, { token: owner.token });
    expect(JSON.parse(rx.requests[seen2].body).routing_key).toBe(newKey);

    const audit = await t.http.get('/api/v1/audit-logs?action=integration.updated', { token: owner.token });
    expect(audit.body.data.map((a: any) => a.metadata)).toEqual([
      { created: false, changed: ['credentials'], enabled: true },
      { created: false, changed: ['config'], enabled: true },
      { created: true, changed: ['name', 'config', 'credentials', 'enabled'], enabled: true },
    ]);
  });

  it('webhook: a given signing secret is used as is; credentials without one rotate it, shown once', async () => {
    const owner = await signup(t);
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const put = await t.http.put(
      '/api/v1/integrations/webhook',
      { config: { url: rx.url('/hook') }, credentials: { signingSecret: secret } },
      { token: owner.token },
    );
    expect(put.status).toBe(200);
    expect(put.body.signingSecret).toBeUndefined();
    expect(put.body.config).toEqual({ url: rx.url('/hook'), events: [] });
    expect(put.body.credentials).toEqual({ signingSecret: `••••${secret.slice(-4)}` });
    let seen = rx.requests.length;
    await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    const req = rx.requests[seen];
    testEvent(new Webhook(secret).verify(req.body, req.headers as Record<string, string>));

    const rotated = await t.http.put(
      '/api/v1/integrations/webhook',
      { config: { url: rx.url('/hook') }, credentials: {} },
      { token: owner.token },
    );
    expect(rotated.body.signingSecret).toMatch(/^whsec_/);
    expect(rotated.body.signingSecret).not.toBe(secret);
    // omitted credentials keep the rotated secret, and it is not shown again
    const kept = await t.http.put(
      '/api/v1/integrations/webhook',
      { config: { url: rx.url('/hook'), events: ['usage.threshold'] } },
      { token: owner.token },
    );
    expect(kept.body.signingSecret).toBeUndefined();
    seen = rx.requests.length;
    await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    const next = rx.requests[seen];
    expect(() => new Webhook(secret).verify(next.body, next.headers as Record<string, string>)).toThrow();
    testEvent(new Webhook(rotated.body.signingSecret).verify(next.body, next.headers as Record<string, string>));
  });

  it('an unchanged PUT writes no audit entry; enabled:false configures without enabling', async () => {
    const owner = await signup(t);
    const body = { config: { url: rx.url('/c'), method: 'POST' }, enabled: false };
    const first = await t.http.put('/api/v1/integrations/custom', body, { token: owner.token });
    expect(first.body).toMatchObject({ enabled: false, configured: true, credentials: { headers: {} } });
    await t.http.put('/api/v1/integrations/custom', body, { token: owner.token });
    const audit = await t.http.get('/api/v1/audit-logs?action=integration.updated', { token: owner.token });
    expect(audit.body.data).toHaveLength(1);
  });
});

describe('test endpoint', () => {
  it('an upstream failure is ok:false with 200, recorded in health and the delivery log', async () => {
    const owner = await signup(t);
    await t.http.put('/api/v1/integrations/custom', { config: { url: rx.url('/fail'), method: 'POST' } }, { token: owner.token });
    const res = await t.http.post('/api/v1/integrations/custom/test', undefined, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: false, statusCode: 500, latencyMs: expect.any(Number), error: 'HTTP 500: upstream exploded' });
    const got = await t.http.get('/api/v1/integrations/custom', { token: owner.token });
    expect(got.body.health).toMatchObject({
      status: 'failing',
      consecutiveFailures: 1,
      lastError: 'HTTP 500: upstream exploded',
      lastSuccessAt: null,
    });
    expect(got.body.enabled).toBe(true);
    const log = await t.http.get('/api/v1/integrations/custom/deliveries?status=failed', { token: owner.token });
    expect(log.body.data).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, responseStatus: 500, lastError: 'HTTP 500: upstream exploded' }),
    ]);
    expect((await t.http.get('/api/v1/integrations/custom/deliveries?status=delivered', { token: owner.token })).body.data).toEqual([]);
    const audit = await t.http.get('/api/v1/audit-logs?action=integration.tested', { token: owner.token });
    expect(audit.body.data[0]).toMatchObject({ targetId: 'custom', metadata: { ok: false, statusCode: 500 } });
  });

  it('a receiver that is not listening is ok:false without a status code', async () => {
    const owner = await signup(t);
    await t.http.put('/api/v1/integrations/webhook', { config: { url: deadUrl } }, { token: owner.token });
    const res = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: false, latencyMs: expect.any(Number), error: 'connection refused' });
  });

  it('is replayed with an Idempotency-Key instead of sending twice', async () => {
    const owner = await signup(t);
    await t.http.put('/api/v1/integrations/webhook', { config: { url: rx.url('/idem') } }, { token: owner.token });
    const headers = { 'idempotency-key': `test-${hex(8)}` };
    const a = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token, headers });
    const b = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token, headers });
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(rx.on('/idem').filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('not configured → 409 for test and enable; purged → 409 again', async () => {
    const owner = await signup(t);
    expectProblem(await t.http.post('/api/v1/integrations/slack/test', undefined, { token: owner.token }), 409, 'conflict');
    expectProblem(await t.http.post('/api/v1/integrations/slack/enable', undefined, { token: owner.token }), 409, 'conflict');
    await t.http.put('/api/v1/integrations/webhook', { config: { url: rx.url('/hook') } }, { token: owner.token });
    await t.http.delete('/api/v1/integrations/webhook?purge=true', { token: owner.token });
    expectProblem(await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token }), 409, 'conflict');
    expectProblem(await t.http.post('/api/v1/integrations/webhook/enable', undefined, { token: owner.token }), 409, 'conflict');
  });
});

describe('plan limit (free: 3 enabled integrations)', () => {
  const configure = (o: SignedUp, type: string, extra: Record<string, unknown> = {}) => {
    const bodies: Record<string, Record<string, unknown>> = {
      webhook: { config: { url: rx.url('/hook') } },
      custom: { config: { url: rx.url('/c'), method: 'POST' } },
      datadog: { config: { site: 'datadoghq.com' }, credentials: { apiKey: hex(32) } },
      pagerduty: { config: { region: 'us', severity: 'info' }, credentials: { routingKey: alnum(32) } },
      sentry: { config: {}, credentials: { dsn: `http://${hex(32)}@${rx.host}/42` } },
    };
    return t.http.put(`/api/v1/integrations/${type}`, { ...bodies[type], ...extra }, { token: o.token });
  };

  it('a change that would enable a 4th → 402 naming the limit; disabled ones do not count', async () => {
    const owner = await signup(t);
    for (const type of ['webhook', 'custom', 'datadog']) expect((await configure(owner, type)).status).toBe(200);
    const over = await configure(owner, 'pagerduty');
    expectProblem(over, 402, 'plan_limit_exceeded');
    expect(over.body.detail).toMatch(/3 enabled integrations/);
    expect((await t.http.get('/api/v1/integrations/pagerduty', { token: owner.token })).body.configured).toBe(false);

    const off = await configure(owner, 'pagerduty', { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    expectProblem(
      await t.http.post('/api/v1/integrations/pagerduty/enable', undefined, { token: owner.token }),
      402,
      'plan_limit_exceeded',
    );
    expectProblem(await configure(owner, 'pagerduty', { enabled: true }), 402, 'plan_limit_exceeded');
    // reconfiguring an enabled one is not "one more"
    expect((await configure(owner, 'webhook')).status).toBe(200);

    await t.http.delete('/api/v1/integrations/custom', { token: owner.token });
    expect((await t.http.post('/api/v1/integrations/pagerduty/enable', undefined, { token: owner.token })).status).toBe(200);
    expectProblem(await t.http.post('/api/v1/integrations/custom/enable', undefined, { token: owner.token }), 402, 'plan_limit_exceeded');
    // enabling what is already enabled is a no-op, never a 402
    expect((await t.http.post('/api/v1/integrations/pagerduty/enable', undefined, { token: owner.token })).status).toBe(200);
  });

  it('is race-safe: concurrent enables never pass the limit', async () => {
    // 4 workspaces × 6 concurrent requests that each would enable one more (limit 3)
    const owners = await Promise.all([0, 1, 2, 3].map(() => signup(t)));
    const types = ['webhook', 'custom', 'datadog', 'pagerduty', 'sentry'];
    for (const o of owners) for (const type of types) expect((await configure(o, type, { enabled: false })).status).toBe(200);
    const results = await Promise.all(
      owners.flatMap((o) => [
        ...types.map((type) => t.http.post(`/api/v1/integrations/${type}/enable`, undefined, { token: o.token })),
        t.http.put(
          '/api/v1/integrations/slack',
          { config: {}, credentials: { webhookUrl: rx.url('/services/T/B/race') } },
          { token: o.token },
        ),
      ]),
    );
    expect(results.map((r) => r.status).sort()).toEqual([...Array(owners.length * 3).fill(200), ...Array(owners.length * 3).fill(402)]);
    for (const o of owners) {
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM integrations_config WHERE workspace_id = $1 AND enabled`, [
        o.workspaceId,
      ]);
      expect(n).toBe(3);
    }
  });

  it('follows the plan: a starter workspace may enable 6', async () => {
    const owner = await signup(t);
    await t.sql(`INSERT INTO billing_config (workspace_id, plan, status) VALUES ($1, 'starter', 'active')`, [owner.workspaceId]);
    for (const type of ['webhook', 'custom', 'datadog', 'pagerduty', 'sentry']) expect((await configure(owner, type)).status).toBe(200);
  });
});

describe('access', () => {
  it('viewer+ read; member, viewer and their API keys cannot change anything (403); admins and admin keys can', async () => {
    const owner = await signup(t);
    await t.http.put('/api/v1/integrations/webhook', { config: { url: rx.url('/hook') } }, { token: owner.token });
    for (const role of ['viewer', 'member'] as const) {
      const m = await addMember(t, owner, role);
      const key = await createApiKey(t, owner.token, role);
      for (const token of [m.token, key.key]) {
        expect((await t.http.get('/api/v1/integrations', { token })).status).toBe(200);
        const one = await t.http.get('/api/v1/integrations/webhook', { token });
        expect(one.status).toBe(200);
        expect(one.body.credentials.signingSecret).toMatch(/^••••/);
        expectProblem(await t.http.put('/api/v1/integrations/webhook', { config: { url: rx.url('/x') } }, { token }), 403, 'forbidden');
        expectProblem(await t.http.post('/api/v1/integrations/webhook/test', undefined, { token }), 403, 'forbidden');
        expectProblem(await t.http.post('/api/v1/integrations/webhook/enable', undefined, { token }), 403, 'forbidden');
        expectProblem(await t.http.delete('/api/v1/integrations/webhook', { token }), 403, 'forbidden');
        expectProblem(await t.http.get('/api/v1/integrations/webhook/deliveries', { token }), 403, 'forbidden');
      }
    }
    const admin = await addMember(t, owner, 'admin');
    const adminKey = await createApiKey(t, owner.token, 'admin');
    expect(
      (await t.http.put('/api/v1/integrations/custom', { config: { url: rx.url('/c'), method: 'POST' } }, { token: admin.token })).status,
    ).toBe(200);
    expect((await t.http.post('/api/v1/integrations/custom/test', undefined, { token: adminKey.key })).status).toBe(200);
    expect((await t.http.get('/api/v1/integrations/custom/deliveries', { token: adminKey.key })).body.data).toHaveLength(1);
    expect((await t.http.delete('/api/v1/integrations/custom', { token: admin.token })).status).toBe(204);
    const audit = await t.http.get('/api/v1/audit-logs?action=integration.tested', { token: owner.token });
    expect(audit.body.data[0].actor).toEqual({ type: 'api_key', id: adminKey.id });
  });

  it('401 without a credential', async () => {
    expectProblem(await t.http.get('/api/v1/integrations'), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/integrations/slack'), 401, 'unauthenticated');
    expectProblem(await t.http.put('/api/v1/integrations/slack', { config: {} }), 401, 'unauthenticated');
    expectProblem(await t.http.post('/api/v1/integrations/slack/test'), 401, 'unauthenticated');
    expectProblem(await t.http.post('/api/v1/integrations/slack/enable'), 401, 'unauthenticated');
    expectProblem(await t.http.delete('/api/v1/integrations/slack'), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/integrations/slack/deliveries'), 401, 'unauthenticated');
  });

  it('unknown types are 404 on every route', async () => {
    const owner = await signup(t);
    const token = owner.token;
    expectProblem(await t.http.get('/api/v1/integrations/teams', { token }), 404, 'not_found');
    expectProblem(await t.http.put('/api/v1/integrations/teams', { config: {} }, { token }), 404, 'not_found');
    expectProblem(await t.http.post('/api/v1/integrations/teams/test', undefined, { token }), 404, 'not_found');
    expectProblem(await t.http.post('/api/v1/integrations/teams/enable', undefined, { token }), 404, 'not_found');
    expectProblem(await t.http.delete('/api/v1/integrations/teams', { token }), 404, 'not_found');
    expectProblem(await t.http.get('/api/v1/integrations/teams/deliveries', { token }), 404, 'not_found');
  });

  it("another workspace's integrations do not exist for the caller", async () => {
    const a = await signup(t);
    const b = await signup(t);
    await t.http.put('/api/v1/integrations/webhook', { config: { url: rx.url('/hook') } }, { token: a.token });
    await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: a.token });
    const seen = await t.http.get('/api/v1/integrations/webhook', { token: b.token });
    expect(seen.body).toMatchObject({ configured: false, config: null, credentials: null });
    expect((await t.http.get('/api/v1/integrations/webhook/deliveries', { token: b.token })).body.data).toEqual([]);
    expectProblem(await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: b.token }), 409, 'conflict');
    expect((await t.http.delete('/api/v1/integrations/webhook?purge=true', { token: b.token })).status).toBe(204);
    expect((await t.http.get('/api/v1/integrations/webhook', { token: a.token })).body.configured).toBe(true);
  });

  it('validates the query strings', async () => {
    const owner = await signup(t);
    expectProblem(await t.http.delete('/api/v1/integrations/webhook?purge=yes', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/integrations/webhook/deliveries?limit=0', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/integrations/webhook/deliveries?cursor=%%%', { token: owner.token }), 400, 'validation_failed');
    expectProblem(
      await t.http.get('/api/v1/integrations/webhook/deliveries?status=lost', { token: owner.token }),
      400,
      'validation_failed',
    );
  });

  it('paginates the delivery log newest first', async () => {
    const owner = await signup(t);
    await t.http.put('/api/v1/integrations/webhook', { config: { url: rx.url('/hook') } }, { token: owner.token });
    for (let i = 0; i < 3; i++) await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    const p1 = await t.http.get('/api/v1/integrations/webhook/deliveries?limit=2', { token: owner.token });
    expect(p1.body.data).toHaveLength(2);
    const p2 = await t.http.get(`/api/v1/integrations/webhook/deliveries?limit=2&cursor=${p1.body.nextCursor}`, { token: owner.token });
    expect(p2.body).toMatchObject({ nextCursor: null, data: [expect.any(Object)] });
    const all = [...p1.body.data, ...p2.body.data];
    expect(new Set(all.map((d: any) => d.id)).size).toBe(3);
    const times = all.map((d: any) => d.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
