import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createApiApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { createTestContext, TestContext } from './support/context';
import { expectProblem, signup, SignedUp } from './support/factories';
import { Http } from './support/http';
import { Receiver } from './support/integrations-receiver';

/*
 * Credentials at rest: AES-256-GCM under a key ring, never the plaintext in the database; key
 * rotation (`npm run rotate-keys`) re-encrypts everything under the newest key and every credential
 * stays readable; production refuses to start without a key.
 */

const OLD = `old:${randomBytes(32).toString('base64')}`;
const NEW = `new:${randomBytes(32).toString('base64')}`;
const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

let t: TestContext;
let rx: Receiver;
let owner: SignedUp;
const secrets = {
  slack: alnum(24),
  pagerduty: alnum(32),
  webhook: `whsec_${randomBytes(32).toString('base64')}`,
  sentry: hex(32),
  datadog: hex(32),
  custom: `Bearer ${alnum(40)}`,
};

const env = () => ({ OUTBOUND_ALLOW_HOSTS: rx.host, PAGERDUTY_EVENTS_URL: rx.url('/v2/enqueue'), DATADOG_API_URL: rx.url('/dd') });

beforeAll(async () => {
  rx = await Receiver.start((req) =>
    req.path === '/v2/enqueue' || req.path === '/dd/api/v2/events' ? { status: 202 } : { status: 200, body: 'ok' },
  );
  t = await createTestContext({ env: { ENCRYPTION_KEYS: OLD, ...env() } });
  owner = await signup(t);
  await t.sql(`INSERT INTO billing_config (workspace_id, plan, status) VALUES ($1, 'starter', 'active')`, [owner.workspaceId]);
  const bodies: Record<string, unknown> = {
    slack: { config: {}, credentials: { webhookUrl: rx.url(`/services/T/B/${secrets.slack}`) } },
    pagerduty: { config: { region: 'us', severity: 'error' }, credentials: { routingKey: secrets.pagerduty } },
    webhook: { config: { url: rx.url('/hook') }, credentials: { signingSecret: secrets.webhook } },
    sentry: { config: {}, credentials: { dsn: `http://${secrets.sentry}@${rx.host}/3` } },
    datadog: { config: { site: 'datadoghq.com' }, credentials: { apiKey: secrets.datadog } },
    custom: { config: { url: rx.url('/custom'), method: 'POST' }, credentials: { headers: { Authorization: secrets.custom } } },
  };
  for (const [type, body] of Object.entries(bodies)) {
    const res = await t.http.put(`/api/v1/integrations/${type}`, body, { token: owner.token });
    if (res.status !== 200) throw new Error(`${type}: ${res.status} ${res.text}`);
  }
});
afterAll(async () => {
  await t?.close();
  await rx?.stop();
});

const stored = () =>
  t.sql<{ type: string; credentials: string | null }>(
    `SELECT type, credentials FROM integrations_config WHERE workspace_id = $1 ORDER BY type`,
    [owner.workspaceId],
  );

const ROOT = join(__dirname, '..');

/** Runs a built entry point (`make test` builds first) with the test's database and extra environment. */
function run(script: string, extra: Record<string, string>) {
  const file = join(ROOT, 'dist', script);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  const res = spawnSync(process.execPath, [file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: t.databaseUrl,
      REDIS_PREFIX: t.config.redisPrefix,
      PORT: '0',
      ...extra,
    },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs `fn` against a second API process on the same database with another key ring. */
async function withApp(keys: string, fn: (http: Http) => Promise<void>) {
  const config = loadConfig({
    ...process.env,
    ...env(),
    NODE_ENV: 'test',
    DATABASE_URL: t.databaseUrl,
    REDIS_PREFIX: t.config.redisPrefix,
    PORT: '0',
    DATABASE_POOL_SIZE: '2',
    RATE_LIMIT_PER_MINUTE: '100000',
    ENCRYPTION_KEYS: keys,
  });
  const app = await createApiApp(config);
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    await fn(new Http(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`));
  } finally {
    await app.close();
  }
}

describe('credentials at rest', () => {
  it('the database holds AES-GCM envelopes under the key id, never the plaintext', async () => {
    const rows = await stored();
    expect(rows).toHaveLength(6);
    const dump = JSON.stringify(await t.sql(`SELECT * FROM integrations_config WHERE workspace_id = $1`, [owner.workspaceId]));
    for (const row of rows) expect(row.credentials).toMatch(/^v1\.old\./);
    for (const s of Object.values(secrets)) {
      expect(dump).not.toContain(s);
      expect(dump).not.toContain(Buffer.from(s).toString('base64'));
    }
  });

  it('rotation re-encrypts everything under the newest key and every credential stays readable', async () => {
    const before = await stored();
    const masked = (await t.http.get('/api/v1/integrations', { token: owner.token })).body.data.map((i: any) => i.credentials);
    // a response kept for an Idempotency-Key replay (it holds the new API key's secret), sealed under the old key
    const idem = { 'idempotency-key': `rotate-${hex(8)}` };
    const created = await t.http.post('/api/v1/api-keys', { name: 'rotation' }, { token: owner.token, headers: idem });
    expect(created.status).toBe(201);
    const sealed = async () =>
      (
        await t.sql<{ body: string }>(`SELECT response_body #>> '{}' AS body FROM idempotency_keys WHERE key = $1`, [
          idem['idempotency-key'],
        ])
      )[0].body;
    expect(await sealed()).toMatch(/^v1\.old\./);

    // `npm run rotate-keys` = node dist/scripts/rotate-keys.js
    const first = run('scripts/rotate-keys.js', { ENCRYPTION_KEYS: `${NEW},${OLD}` });
    expect(first).toMatchObject({
      code: 0,
      stdout: 'integration credentials: 6 scanned, 6 re-encrypted under key "new"\n' + 'idempotency responses: 1 scanned, 1 re-encrypted\n',
    });
    expect(await sealed()).toMatch(/^v1\.new\./);
    const after = await stored();
    for (const [i, row] of after.entries()) {
      expect(row.credentials).toMatch(/^v1\.new\./);
      expect(row.credentials).not.toBe(before[i].credentials);
    }
    // idempotent
    expect(run('scripts/rotate-keys.js', { ENCRYPTION_KEYS: `${NEW},${OLD}` })).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('6 scanned, 0 re-encrypted'),
    });
    // a ring that opens nothing fails loudly (exit 1), naming rows, never their contents
    const wrong = run('scripts/rotate-keys.js', { ENCRYPTION_KEYS: `other:${randomBytes(32).toString('base64')}` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/6 could not be decrypted with any key in ENCRYPTION_KEYS/);
    expect((await stored()).every((r) => r.credentials?.startsWith('v1.new.'))).toBe(true);

    // with only the new key, every credential reads and works, and the kept response replays
    await withApp(NEW, async (http) => {
      const replay = await http.post('/api/v1/api-keys', { name: 'rotation' }, { token: owner.token, headers: idem });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(created.body);
      const list = await http.get('/api/v1/integrations', { token: owner.token });
      expect(list.body.data.map((i: any) => i.credentials)).toEqual(masked);
      for (const type of ['slack', 'pagerduty', 'webhook', 'sentry', 'datadog', 'custom']) {
        const seen = rx.requests.length;
        const res = await http.post(`/api/v1/integrations/${type}/test`, undefined, { token: owner.token });
        expect({ type, body: res.body }).toEqual({
          type,
          body: { ok: true, statusCode: expect.any(Number), latencyMs: expect.any(Number) },
        });
        const req = rx.requests[seen];
        const wire = JSON.stringify({ path: req.path, headers: req.headers, body: req.body });
        if (type === 'webhook') new Webhook(secrets.webhook).verify(req.body, req.headers as Record<string, string>);
        else expect(wire).toContain(secrets[type as keyof typeof secrets]);
      }
    });

    // the old key alone no longer opens anything: the rotation really re-encrypted
    await withApp(OLD, async (http) => {
      // a kept response no key opens is neither replayed nor run again
      expectProblem(await http.post('/api/v1/api-keys', { name: 'rotation' }, { token: owner.token, headers: idem }), 409, 'conflict');
      // shown as absent, never as an error, but not silently: logged and counted
      const unreadable = async () =>
        Number(
          /swallowed_errors_total\{where="integrations.credentials_unreadable"\} (\d+)/.exec((await http.get('/metrics')).text)?.[1] ?? 0,
        );
      const counted = await unreadable();
      const list = await http.get('/api/v1/integrations', { token: owner.token });
      expect(list.body.data.map((i: any) => i.credentials)).toEqual([null, null, null, null, null, null]);
      expect(await unreadable()).toBe(counted + 6);
      const res = await http.post('/api/v1/integrations/datadog/test', undefined, { token: owner.token });
      expect(res.body).toEqual({
        ok: false,
        latencyMs: expect.any(Number),
        error: 'stored credentials cannot be read; save the credentials again',
      });
    });
  });

  it('production refuses to start without ENCRYPTION_KEYS (API and worker)', () => {
    for (const entry of ['src/main.js', 'src/worker.js']) {
      const res = run(entry, { NODE_ENV: 'production', ENCRYPTION_KEYS: '' });
      expect({ entry, code: res.code }).toEqual({ entry, code: 1 });
      expect(res.stderr).toContain('ENCRYPTION_KEYS is required in production');
    }
  });
});
