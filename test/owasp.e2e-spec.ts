import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { configureApiApp, createFastifyAdapter } from '../src/app.factory';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/config';
import { startStripeRecorder, StripeRecorder } from './billing.helpers';
import { span } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, PASSWORD, signup, SignedUp, uniqueEmail } from './support/factories';
import { Receiver } from './support/integrations-receiver';
import { registeredRoutes, toOpenApiPath } from './support/routes';

/*
 * OWASP API Security Top 10 (2023) probes, one group each, through real HTTP against the real app.
 * Where another test file already proves a point in depth, the group re-runs its core here and names
 * that file (integrations-ssrf, rate-limit, billing-webhooks, the outbound client's unit tests).
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const token43 = () => randomBytes(32).toString('base64url');
const APP_URL = 'http://127.0.0.1:4455';

let t: TestContext;
let stripe: StripeRecorder;
let rx: Receiver;

beforeAll(async () => {
  stripe = await startStripeRecorder();
  rx = await Receiver.start();
  t = await createTestContext({
    env: {
      APP_URL,
      OUTBOUND_ALLOW_HOSTS: '',
      STRIPE_SECRET_KEY: 'sk_test_owasp',
      STRIPE_WEBHOOK_SECRET: 'whsec_owasp',
      STRIPE_API_BASE: stripe.url,
    },
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await stripe?.close();
  await rx?.stop();
});

/** A pending invitation of `by`'s workspace whose token is known (set in the database: the email itself is tested elsewhere). */
async function invitation(by: SignedUp, role = 'viewer') {
  const res = await t.http.post('/api/v1/team/invite', { email: uniqueEmail('inv'), role }, { token: by.token });
  expect(res.status).toBe(201);
  const token = token43();
  await t.sql(`UPDATE invitations SET token_digest = $1 WHERE id = $2`, [sha256(token), res.body.id]);
  return { id: res.body.id as string, email: res.body.email as string, token };
}

/** Every key of a JSON value, recursively. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysOf(v, out);
    }
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ------------------------------------------------------------------------------------------------
describe("API1:2023 Broken Object Level Authorization — another workspace's ids are 404, never 403, and change nothing", () => {
  let a: SignedUp;
  let b: SignedUp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    a = await signup(t, { workspaceName: 'A' });
    b = await signup(t, { workspaceName: 'B' });
    const aKey = await createApiKey(t, a.token, 'member');
    ids.apiKey = aKey.id;
    ids.apiKeySecret = aKey.key;
    const spans = [span({ status: 'error', statusMessage: 'boom' })];
    ids.trace = spans[0].traceId;
    expect((await t.http.post('/api/v1/ingest', { spans }, { token: aKey.key })).body.accepted).toBe(1);
    const inv = await invitation(a);
    ids.invitation = inv.id;
    ids.invitationToken = inv.token;
    ids.member = (await addMember(t, a, 'member')).memberId;
    const removed = await addMember(t, a, 'viewer');
    expect((await t.http.delete(`/api/v1/team/members/${removed.memberId}`, { token: a.token })).status).toBe(204);
    ids.removedMember = removed.memberId;
  });

  const probes = (): [string, string, unknown?][] => [
    ['GET', `/api/v1/traces/${ids.trace}`],
    ['DELETE', `/api/v1/api-keys/${ids.apiKey}`],
    ['DELETE', `/api/v1/team/invitations/${ids.invitation}`],
    ['POST', `/api/v1/team/invitations/${ids.invitation}/resend`],
    ['PUT', `/api/v1/team/members/${ids.member}/role`, { role: 'admin' }],
    ['DELETE', `/api/v1/team/members/${ids.member}`],
    ['POST', `/api/v1/team/members/${ids.removedMember}/reactivate`],
  ];

  it('every id route answers 404 for an id of another workspace, exactly as for an id that does not exist (no existence oracle)', async () => {
    for (const [method, path, body] of probes()) {
      const theirs = await t.http.request(method, path, body, { token: b.token });
      const random = await t.http.request(
        method,
        path.replace(/[0-9a-f]{32}|[0-9a-f-]{36}/, (m) => (m.length === 32 ? randomBytes(16).toString('hex') : randomUUID())),
        body,
        { token: b.token },
      );
      expectProblem(theirs, 404, 'not_found');
      expect({ path, detail: theirs.body.detail }).toEqual({ path, detail: random.body.detail });
      expect(random.status).toBe(404);
    }
  });

  it('the objects are untouched: the key still works, the invitation is pending, the members keep role and status', async () => {
    expect((await t.http.get('/api/v1/auth/me', { token: ids.apiKeySecret })).status).toBe(200);
    const [inv] = await t.sql<{ status: string }>('SELECT status FROM invitations WHERE id = $1', [ids.invitation]);
    expect(inv.status).toBe('pending');
    const members = await t.sql<{ id: string; role: string; status: string }>(
      'SELECT id, role, status FROM team_members WHERE id = ANY($1)',
      [[ids.member, ids.removedMember]],
    );
    expect(members.sort((x, y) => (x.id === ids.member ? -1 : y.id === ids.member ? 1 : 0))).toEqual([
      { id: ids.member, role: 'member', status: 'active' },
      { id: ids.removedMember, role: 'viewer', status: 'removed' },
    ]);
  });

  it("lists never show another workspace's objects (traces, members, invitations, keys, deliveries, audit log)", async () => {
    // A's webhook with one delivery in its log (the test event)
    await t.sql(`UPDATE billing_config SET limits_override = NULL WHERE workspace_id = $1`, [a.workspaceId]);
    const put = await t.http.put('/api/v1/integrations/webhook', { config: { url: 'https://example.invalid/hook' } }, { token: a.token });
    expect(put.status).toBe(200);
    await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: a.token });
    const aDeliveries = await t.http.get('/api/v1/integrations/webhook/deliveries', { token: a.token });
    expect(aDeliveries.body.data.length).toBeGreaterThan(0);

    const lists = [
      '/api/v1/traces',
      '/api/v1/team/members?status=removed',
      '/api/v1/team/members',
      '/api/v1/team/invitations',
      '/api/v1/api-keys',
      '/api/v1/integrations/webhook/deliveries',
      '/api/v1/audit-logs?limit=100',
    ];
    const aIds = new Set([...Object.values(ids), ...aDeliveries.body.data.map((d: { id: string }) => d.id), a.userId, a.workspaceId]);
    for (const path of lists) {
      const res = await t.http.get(path, { token: b.token });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const leaked =
        JSON.stringify(res.body)
          .match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}/g)
          ?.filter((id) => aIds.has(id)) ?? [];
      expect({ path, leaked }).toEqual({ path, leaked: [] });
    }
  });

  it('the invitation token is the only capability of the public routes; logging in to a workspace one is not a member of is 403 like a random one', async () => {
    const aWs = await t.http.post('/api/v1/auth/login', { email: b.email, password: PASSWORD, workspaceId: a.workspaceId });
    const random = await t.http.post('/api/v1/auth/login', { email: b.email, password: PASSWORD, workspaceId: randomUUID() });
    expectProblem(aWs, 403, 'forbidden');
    expect(aWs.body.detail).toBe(random.body.detail);
  });
});

// ------------------------------------------------------------------------------------------------
describe('API2:2023 Broken Authentication — expired, tampered, revoked and malformed credentials are 401', () => {
  let owner: SignedUp;
  beforeAll(async () => {
    owner = await signup(t);
  });

  it('an expired session is refused at once, whatever the token looks like', async () => {
    const login = await t.http.post('/api/v1/auth/login', { email: owner.email, password: PASSWORD });
    const token = login.body.accessToken as string;
    expect((await t.http.get('/api/v1/workspace', { token })).status).toBe(200);
    await t.sql(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_digest = $1`, [sha256(token)]);
    expectProblem(await t.http.get('/api/v1/workspace', { token }), 401, 'unauthenticated');
  });

  it('a tampered token or key (one character changed, truncated, extended, prefix swapped) is 401', async () => {
    const key = await createApiKey(t, owner.token, 'admin');
    for (const good of [owner.token, key.key]) {
      const last = good.at(-1) === 'A' ? 'B' : 'A';
      const variants = [
        good.slice(0, -1) + last,
        good.slice(0, -1),
        `${good}A`,
        good.replace(/^ao_(at|sk)_/, (m) => (m === 'ao_at_' ? 'ao_sk_' : 'ao_at_')),
        good.toUpperCase(),
      ];
      for (const bad of variants) expectProblem(await t.http.get('/api/v1/workspace', { token: bad }), 401, 'unauthenticated');
    }
  });

  it('a logged-out token and a revoked key are refused on their next request', async () => {
    const login = await t.http.post('/api/v1/auth/login', { email: owner.email, password: PASSWORD });
    expect((await t.http.post('/api/v1/auth/logout', undefined, { token: login.body.accessToken })).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/workspace', { token: login.body.accessToken }), 401, 'unauthenticated');
    const key = await createApiKey(t, owner.token, 'member');
    expect((await t.http.delete(`/api/v1/api-keys/${key.id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/workspace', { token: key.key }), 401, 'unauthenticated');
    expectProblem(await t.http.post('/api/v1/ingest', { spans: [span()] }, { token: key.key }), 401, 'unauthenticated');
  });

  it('malformed Authorization headers are 401 problems, never a 5xx', async () => {
    const headers = [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer ',
      `Bearer ${owner.token} extra`,
      `Bearer ${'a'.repeat(5000)}`,
      'Bearer ao_at_ünïcode',
      `Token ${owner.token}`,
      `bearer${owner.token}`,
      `Bearer ${owner.token}\u0000`,
    ];
    for (const authorization of headers) {
      let res;
      try {
        res = await t.http.get('/api/v1/workspace', { headers: { authorization } });
      } catch {
        continue; // fetch refuses to send some of these at all (NUL, non-Latin-1): nothing reached the server
      }
      expect({ authorization: authorization.slice(0, 30), status: res.status }).toEqual({
        authorization: authorization.slice(0, 30),
        status: 401,
      });
    }
  });

  it('credentials are accepted only where documented: not in the query string, `x-api-key` only on OTLP routes', async () => {
    const key = await createApiKey(t, owner.token, 'member');
    expect((await t.http.get(`/api/v1/workspace?access_token=${owner.token}`)).status).toBe(401);
    expectProblem(await t.http.get('/api/v1/workspace', { headers: { 'x-api-key': key.key } }), 401, 'unauthenticated');
    const otlp = await t.http.post('/api/v1/otel/v1/traces', { resourceSpans: [] }, { headers: { 'x-api-key': key.key } });
    expect(otlp.status).toBe(200);
  });

  it('secrets are stored only as digests, so lookups compare digests (no plaintext comparison an attacker could time)', async () => {
    const key = await createApiKey(t, owner.token, 'viewer');
    const [session] = await t.sql('SELECT * FROM sessions WHERE token_digest = $1', [sha256(owner.token)]);
    const [apiKey] = await t.sql('SELECT * FROM api_keys WHERE key_digest = $1', [sha256(key.key)]);
    expect(session).toBeDefined();
    expect(apiKey).toBeDefined();
    expect(JSON.stringify(session)).not.toContain(owner.token);
    expect(JSON.stringify(apiKey)).not.toContain(key.key);
    const [user] = await t.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [owner.userId]);
    expect(user.password_hash).not.toContain(PASSWORD);
    expect(user.password_hash).toMatch(/scrypt/i);
  });

  it('login takes as long for an unknown email as for a wrong password (a dummy hash is checked): no account oracle by timing', async () => {
    const time = async (email: string) => {
      const started = process.hrtime.bigint();
      const res = await t.http.post('/api/v1/auth/login', { email, password: 'wrong password, long enough' });
      expect(res.status).toBe(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++) {
      known.push(await time(owner.email));
      unknown.push(await time(uniqueEmail('nobody')));
    }
    // both run scrypt (tens of ms); without the dummy hash an unknown email would answer in ~1 ms
    expect(median(unknown) / median(known)).toBeGreaterThan(0.4);
    const bodies = await Promise.all(
      [owner.email, uniqueEmail('nobody')].map((email) =>
        t.http.post('/api/v1/auth/login', { email, password: 'wrong password, long enough' }),
      ),
    );
    expect(bodies[0].body.detail).toBe(bodies[1].body.detail);
  });
});

// ------------------------------------------------------------------------------------------------
describe('API3:2023 Broken Object Property Level Authorization — no mass assignment, no excessive exposure', () => {
  let owner: SignedUp;
  let member: SignedUp & { memberId: string };
  beforeAll(async () => {
    owner = await signup(t);
    member = await addMember(t, owner, 'viewer');
  });

  it('role, workspaceId, plan, status and other server-owned properties in a body are 400 naming the field, and change nothing', async () => {
    const other = randomUUID();
    const inv = await invitation(owner);
    const cases: [string, string, unknown, string][] = [
      [
        'POST',
        '/api/v1/auth/signup',
        { email: uniqueEmail(), password: PASSWORD, name: 'X', workspaceName: 'X', role: 'owner', workspaceId: other },
        'role',
      ],
      ['POST', '/api/v1/auth/login', { email: owner.email, password: PASSWORD, role: 'owner' }, 'role'],
      ['PUT', '/api/v1/workspace', { name: 'X', plan: 'enterprise' }, 'plan'],
      ['PUT', '/api/v1/workspace', { name: 'X', workspaceId: other }, 'workspaceId'],
      ['PUT', '/api/v1/workspace', { id: other }, 'id'],
      ['PUT', '/api/v1/workspace', { settings: { retentionDays: 30, plan: 'enterprise' } }, 'settings.plan'],
      ['POST', '/api/v1/api-keys', { name: 'k', role: 'viewer', workspaceId: other }, 'workspaceId'],
      ['POST', '/api/v1/api-keys', { name: 'k', key: 'ao_sk_chosen' }, 'key'],
      ['POST', '/api/v1/team/invite', { email: uniqueEmail(), role: 'viewer', status: 'accepted' }, 'status'],
      ['POST', '/api/v1/team/invite', { email: uniqueEmail(), role: 'viewer', workspaceId: other }, 'workspaceId'],
      ['PUT', `/api/v1/team/members/${member.memberId}/role`, { role: 'member', status: 'removed' }, 'status'],
      ['PUT', `/api/v1/team/members/${member.memberId}/role`, { role: 'member', workspaceId: other }, 'workspaceId'],
      ['PUT', '/api/v1/billing/plan', { plan: 'free', status: 'active' }, 'status'],
      [
        'POST',
        '/api/v1/billing/checkout',
        {
          plan: 'starter',
          billingCycle: 'monthly',
          successUrl: 'https://x.example/ok',
          cancelUrl: 'https://x.example/no',
          workspaceId: other,
        },
        'workspaceId',
      ],
      ['POST', `/api/v1/team/invitations/${inv.token}/accept`, { name: 'Eve', password: PASSWORD, role: 'owner' }, 'role'],
      ['PUT', '/api/v1/integrations/webhook', { config: { url: 'https://example.invalid/h' }, workspaceId: other }, 'workspaceId'],
      ['PUT', '/api/v1/integrations/webhook', { config: { url: 'https://example.invalid/h' }, health: { status: 'healthy' } }, 'health'],
      ['POST', '/api/v1/ingest', { spans: [], workspaceId: other }, 'workspaceId'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.http.request(method, path, body, { token: owner.token });
      expect({ path, field, status: res.status, code: res.body?.code }).toEqual({ path, field, status: 400, code: 'validation_failed' });
      expect({ path, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({
        path,
        fields: expect.arrayContaining([field]),
      });
    }
    const [ws] = await t.sql<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [owner.workspaceId]);
    expect(ws.name).toBe('Acme');
    const [m] = await t.sql<{ role: string; status: string }>('SELECT role, status FROM team_members WHERE id = $1', [member.memberId]);
    expect(m).toEqual({ role: 'viewer', status: 'active' });
    const [i] = await t.sql<{ status: string }>('SELECT status FROM invitations WHERE id = $1', [inv.id]);
    expect(i.status).toBe('pending');
  });

  it('an unknown property on a span is refused for that span only, and nothing lands in another workspace', async () => {
    const key = await createApiKey(t, owner.token, 'member');
    const other = await signup(t);
    const res = await t.http.post('/api/v1/ingest', { spans: [{ ...span(), workspaceId: other.workspaceId }, span()] }, { token: key.key });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(1);
    expect(res.body.errors).toEqual([expect.objectContaining({ index: 0 })]);
    const [row] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM traces WHERE workspace_id = $1', [other.workspaceId]);
    expect(Number(row.n)).toBe(0);
  });

  it("no response carries a password, hash, digest or secret (the new key's secret is shown once, on creation only)", async () => {
    const key = await createApiKey(t, owner.token, 'viewer');
    await invitation(owner);
    const reads = [
      '/api/v1/auth/me',
      '/api/v1/workspace',
      '/api/v1/team/members',
      '/api/v1/team/invitations',
      '/api/v1/api-keys',
      '/api/v1/audit-logs',
      '/api/v1/billing/config',
      '/api/v1/integrations',
    ];
    for (const path of reads) {
      for (const token of [owner.token, key.key]) {
        const res = await t.http.get(path, { token });
        if (res.status !== 200) continue; // the viewer key may not read admin routes
        const suspicious = keysOf(res.body).filter((k) => /password|hash|digest|secret|^key$|^token$/i.test(k));
        expect({ path, suspicious }).toEqual({ path, suspicious: [] });
        expect(res.text).not.toContain(key.key);
        expect(res.text).not.toContain(owner.token);
      }
    }
  });
});

// ------------------------------------------------------------------------------------------------
describe('API4:2023 Unrestricted Resource Consumption — bodies, batches, pages and strings are bounded; rates are limited', () => {
  let owner: SignedUp;
  let key: string;
  beforeAll(async () => {
    owner = await signup(t);
    key = (await createApiKey(t, owner.token, 'member')).key;
  });

  it('a JSON body over 1 MB is 413 before any work; ingestion allows 5 MB after decompression, a gzip bomb stops at the limit', async () => {
    const big = { name: 'x'.repeat(1024 * 1024 + 10) };
    expectProblem(await t.http.put('/api/v1/workspace', big, { token: owner.token }), 413, 'payload_too_large');
    const bomb = gzipSync(Buffer.concat([Buffer.from('{"spans":["'), Buffer.alloc(6 * 1024 * 1024, 0x61), Buffer.from('"]}')]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: key,
      raw: bomb,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expectProblem(res, 413, 'payload_too_large');
    const plain = JSON.stringify({ spans: [{ ...span(), input: 'x'.repeat(5 * 1024 * 1024) }] });
    expectProblem(
      await t.http.request('POST', '/api/v1/ingest', undefined, {
        token: key,
        raw: plain,
        headers: { 'content-type': 'application/json' },
      }),
      413,
      'payload_too_large',
    );
  });

  it('more than 1000 spans per batch is 400; a broken or empty gzip body is 400 (and the process lives on)', async () => {
    expectProblem(
      await t.http.post('/api/v1/ingest', { spans: Array.from({ length: 1001 }, () => span()) }, { token: key }),
      400,
      'validation_failed',
    );
    for (const raw of [Buffer.from('not gzip at all'), Buffer.alloc(0)]) {
      const res = await t.http.request('POST', '/api/v1/ingest', undefined, {
        token: key,
        raw,
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      });
      expect(res.status).toBe(400);
    }
    // no Content-Type at all, with a gzip encoding: nothing reads the body, the stream's error must not kill the process
    const bare = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: key,
      raw: Buffer.alloc(0),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(bare.status).toBeLessThan(500);
    expect((await t.http.get('/health/live')).status).toBe(200);
  });

  it('page sizes outside 1..100 and oversized cursors are 400', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=-1', 'limit=abc', `cursor=${'A'.repeat(5000)}`]) {
      for (const path of ['/api/v1/traces', '/api/v1/team/members', '/api/v1/audit-logs', '/api/v1/api-keys']) {
        const res = await t.http.get(`${path}?${q}`, { token: owner.token });
        expect({ path, q: q.slice(0, 20), status: res.status }).toEqual({ path, q: q.slice(0, 20), status: 400 });
      }
    }
  });

  it('every string has a maximum length (400 naming the field)', async () => {
    const cases: [string, string, unknown, string][] = [
      ['PUT', '/api/v1/workspace', { name: 'x'.repeat(101) }, 'name'],
      ['POST', '/api/v1/api-keys', { name: 'x'.repeat(101) }, 'name'],
      ['POST', '/api/v1/team/invite', { email: `${'x'.repeat(250)}@example.com`, role: 'viewer' }, 'email'],
      ['POST', '/api/v1/auth/login', { email: 'a@example.com', password: 'x'.repeat(201) }, 'password'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.http.request(method, path, body, { token: owner.token });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('oversized headers and path parameters are refused without a 5xx', async () => {
    const header = await t.http.get('/api/v1/workspace', { token: owner.token, headers: { 'x-padding': 'x'.repeat(20_000) } });
    expect(header.status).toBe(431);
    const param = await t.http.get(`/api/v1/traces/${'a'.repeat(2000)}`, { token: owner.token });
    expect([404, 414]).toContain(param.status);
  });

  describe('with low rate limits', () => {
    let low: TestContext;
    beforeAll(async () => {
      low = await createTestContext({
        env: { RATE_LIMIT_PER_MINUTE: '4', INGEST_RATE_LIMIT_PER_MINUTE: '3', AUTH_RATE_LIMIT_PER_MINUTE: '3' },
      });
    });
    afterAll(async () => {
      await low?.close();
    });

    it('each credential has its budget per bucket (api, ingest); over it: 429 with Retry-After; the other bucket is unaffected', async () => {
      const o = await signup(low);
      const k = await createApiKey(low, o.token, 'member'); // 1 of the owner token's api budget
      const api: number[] = [];
      for (let i = 0; i < 5; i++) api.push((await low.http.get('/api/v1/workspace', { token: k.key })).status);
      expect(api).toEqual([200, 200, 200, 200, 429]);
      const ingest: number[] = [];
      for (let i = 0; i < 4; i++) ingest.push((await low.http.post('/api/v1/ingest', { spans: [span()] }, { token: k.key })).status);
      expect(ingest).toEqual([200, 200, 200, 429]);
      const over = await low.http.post('/api/v1/ingest', { spans: [span()] }, { token: k.key });
      expectProblem(over, 429, 'rate_limited');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      // unauthenticated attempts are limited per client IP (see also test/rate-limit.e2e-spec.ts)
      const logins: number[] = [];
      for (let i = 0; i < 4; i++)
        logins.push((await low.http.post('/api/v1/auth/login', { email: 'x@example.com', password: PASSWORD })).status);
      expect(logins.at(-1)).toBe(429);
    });
  });
});

// ------------------------------------------------------------------------------------------------
describe('API5:2023 Broken Function Level Authorization — lower roles cannot reach higher functions, nor grant themselves more', () => {
  let owner: SignedUp;
  let admin: SignedUp & { memberId: string };
  let member: SignedUp & { memberId: string };
  let ownerMemberId: string;
  beforeAll(async () => {
    owner = await signup(t);
    admin = await addMember(t, owner, 'admin');
    member = await addMember(t, owner, 'member');
    [{ id: ownerMemberId }] = await t.sql<{ id: string }>('SELECT id FROM team_members WHERE user_id = $1 AND workspace_id = $2', [
      owner.userId,
      owner.workspaceId,
    ]);
  });

  it('a member calling admin functions gets 403 and nothing happens', async () => {
    const calls: [string, string, unknown?][] = [
      ['POST', '/api/v1/api-keys', { name: 'mine', role: 'member' }],
      ['GET', '/api/v1/api-keys'],
      ['PUT', '/api/v1/workspace', { name: 'Taken over' }],
      ['POST', '/api/v1/team/invite', { email: uniqueEmail(), role: 'viewer' }],
      ['PUT', `/api/v1/team/members/${member.memberId}/role`, { role: 'admin' }],
      ['DELETE', `/api/v1/team/members/${admin.memberId}`],
      ['GET', '/api/v1/audit-logs'],
      ['GET', '/api/v1/billing/config'],
      ['PUT', '/api/v1/integrations/webhook', { config: { url: 'https://example.invalid/h' } }],
    ];
    for (const [method, path, body] of calls) {
      const res = await t.http.request(method, path, body, { token: member.token });
      expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 403, code: 'forbidden' });
    }
    const [m] = await t.sql<{ role: string }>('SELECT role FROM team_members WHERE id = $1', [member.memberId]);
    expect(m.role).toBe('member');
    const [ws] = await t.sql<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [owner.workspaceId]);
    expect(ws.name).toBe('Acme');
  });

  it('an admin cannot reach owner functions: billing, granting owner, demoting or removing an owner, an owner-role key', async () => {
    const calls: [string, string, unknown?][] = [
      ['PUT', '/api/v1/billing/plan', { plan: 'free' }],
      [
        'POST',
        '/api/v1/billing/checkout',
        { plan: 'starter', billingCycle: 'monthly', successUrl: 'https://x.example/ok', cancelUrl: 'https://x.example/no' },
      ],
      ['POST', '/api/v1/team/invite', { email: uniqueEmail(), role: 'owner' }],
      ['PUT', `/api/v1/team/members/${admin.memberId}/role`, { role: 'owner' }],
      ['PUT', `/api/v1/team/members/${ownerMemberId}/role`, { role: 'viewer' }],
      ['DELETE', `/api/v1/team/members/${ownerMemberId}`],
      ['POST', '/api/v1/api-keys', { name: 'escalate', role: 'owner' }],
    ];
    for (const [method, path, body] of calls) {
      const res = await t.http.request(method, path, body, { token: admin.token });
      expect({ method, path, status: res.status, code: res.body.code }).toEqual({ method, path, status: 403, code: 'forbidden' });
    }
    const roles = await t.sql<{ id: string; role: string }>('SELECT id, role FROM team_members WHERE id = ANY($1) ORDER BY role', [
      [admin.memberId, ownerMemberId],
    ]);
    expect(roles.map((r) => r.role)).toEqual(['admin', 'owner']);
  });

  it('API keys are bound by their role too: an admin key cannot mint an owner key, a viewer key cannot ingest', async () => {
    const adminKey = await createApiKey(t, owner.token, 'admin');
    expectProblem(await t.http.post('/api/v1/api-keys', { name: 'up', role: 'owner' }, { token: adminKey.key }), 403, 'forbidden');
    const viewerKey = await createApiKey(t, owner.token, 'viewer');
    expectProblem(await t.http.post('/api/v1/ingest', { spans: [span()] }, { token: viewerKey.key }), 403, 'forbidden');
    expect((await t.http.post('/api/v1/otel/v1/traces', { resourceSpans: [] }, { token: viewerKey.key })).status).toBe(403);
  });
});

// ------------------------------------------------------------------------------------------------
describe('API6:2023 Unrestricted Access to Sensitive Business Flows — token guessing is rate limited, seats and tokens hold under races', () => {
  it('guessing invitation tokens is limited per client IP (preview and accept share the budget); tokens carry 256 bits', async () => {
    const low = await createTestContext({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await low.http.get(`/api/v1/invitations/${token43()}`)).status);
      for (let i = 0; i < 3; i++)
        statuses.push((await low.http.post(`/api/v1/team/invitations/${token43()}/accept`, { name: 'G', password: PASSWORD })).status);
      expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
      const over = await low.http.get(`/api/v1/invitations/${token43()}`);
      expectProblem(over, 429, 'rate_limited');
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await low.close();
    }
  });

  it('concurrent invitations never pass the seat limit', async () => {
    const owner = await signup(t);
    await t.sql(`INSERT INTO billing_config (workspace_id, limits_override) VALUES ($1, '{"seats": 3}'::jsonb)`, [owner.workspaceId]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http.post('/api/v1/team/invite', { email: uniqueEmail('race'), role: 'viewer' }, { token: owner.token }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, ...Array(8).fill(402)]);
    const [row] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM invitations WHERE workspace_id = $1 AND status = 'pending'`, [
      owner.workspaceId,
    ]);
    expect(Number(row.n)).toBe(2);
  });

  it('an invitation token works once, also when accepted concurrently', async () => {
    const owner = await signup(t);
    const inv = await invitation(owner);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.http.post(`/api/v1/team/invitations/${inv.token}/accept`, { name: `Racer ${i}`, password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.every((r) => [200, 404, 409].includes(r.status))).toBe(true);
    const [row] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM team_members WHERE workspace_id = $1`, [owner.workspaceId]);
    expect(Number(row.n)).toBe(2);
  });

  it('one Idempotency-Key sent concurrently creates one invitation', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('idem');
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.http.post('/api/v1/team/invite', { email, role: 'viewer' }, { token: owner.token, headers: { 'idempotency-key': 'same-key' } }),
      ),
    );
    expect(results.every((r) => [201, 409].includes(r.status))).toBe(true);
    const [row] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM invitations WHERE workspace_id = $1 AND email = $2`, [
      owner.workspaceId,
      email,
    ]);
    expect(Number(row.n)).toBe(1);
  });
});

// ------------------------------------------------------------------------------------------------
describe('API7:2023 Server Side Request Forgery — re-run of the core probes (in depth: integrations-ssrf.e2e-spec.ts, outbound-http.spec.ts)', () => {
  it('integration URLs naming internal addresses are refused when configured, and a name resolving to loopback is refused when connecting', async () => {
    const owner = await signup(t);
    for (const url of [
      `http://127.0.0.1:${rx.port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${rx.port}/`,
      'http://10.1.2.3/',
      `http://2130706433:${rx.port}/`,
      `http://0.0.0.0:${rx.port}/`,
    ]) {
      const res = await t.http.put('/api/v1/integrations/webhook', { config: { url } }, { token: owner.token });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
    }
    expect(
      (await t.http.put('/api/v1/integrations/webhook', { config: { url: `http://localhost:${rx.port}/hook` } }, { token: owner.token }))
        .status,
    ).toBe(200);
    const test = await t.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ ok: false, error: expect.stringMatching(/^refused/) });
    expect(rx.requests).toHaveLength(0);
  });
});

// ------------------------------------------------------------------------------------------------
describe('API8:2023 Security Misconfiguration — security headers, no internals in errors, CORS only for APP_URL', () => {
  let owner: SignedUp;
  beforeAll(async () => {
    owner = await signup(t);
  });

  it("responses carry helmet's security headers and no X-Powered-By (successes and errors alike)", async () => {
    for (const res of [
      await t.http.get('/api/v1/workspace', { token: owner.token }),
      await t.http.get('/api/v1/workspace'),
      await t.http.get('/api/v1/nope'),
    ]) {
      const h = res.headers;
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h.get('content-security-policy')).toContain("default-src 'self'");
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(h.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(h.get('x-powered-by')).toBeNull();
      expect(h.get('x-request-id')).toBeTruthy();
    }
  });

  it('errors never carry stack traces, SQL, file paths or framework internals', async () => {
    const probes = [
      await t.http.request('PUT', '/api/v1/workspace', undefined, {
        token: owner.token,
        raw: '{"name": ',
        headers: { 'content-type': 'application/json' },
      }),
      // JSON only: a form post (the one body a browser sends cross-site without preflight) and text/plain are 415 like any other type
      await t.http.request('PUT', '/api/v1/workspace', undefined, {
        token: owner.token,
        raw: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      await t.http.request('PUT', '/api/v1/workspace', undefined, {
        token: owner.token,
        raw: '{"name":"x"}',
        headers: { 'content-type': 'text/plain' },
      }),
      await t.http.request('PUT', '/api/v1/workspace', undefined, {
        token: owner.token,
        raw: '<a/>',
        headers: { 'content-type': 'application/xml' },
      }),
      await t.http.get('/api/v1/does-not-exist', { token: owner.token }),
      await t.http.request('PATCH', '/api/v1/workspace', { name: 'x' }, { token: owner.token }),
      await t.http.get(`/api/v1/traces?from=${encodeURIComponent("2020-01-01' OR 1=1 --")}`, { token: owner.token }),
      await t.http.get(`/api/v1/team/members?cursor=${encodeURIComponent("'; DROP TABLE users; --")}`, { token: owner.token }),
      await t.http.get('/api/v1/traces/zzzz', { token: owner.token }),
      await t.http.put('/api/v1/workspace', { name: { $ne: null } }, { token: owner.token }),
      await t.http.put('/api/v1/workspace', ['array', 'body'], { token: owner.token }),
      await t.http.put('/api/v1/workspace', { settings: { retentionDays: 1e308 } }, { token: owner.token }),
    ];
    for (const [i, res] of probes.entries()) {
      expect({ i, status: res.status >= 400 && res.status < 500 ? '4xx' : res.status }).toEqual({ i, status: '4xx' });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.text).not.toMatch(
        /\bat .+\(.+:\d+:\d+\)|node_modules|\.ts:\d+|\/work\/|QueryFailedError|TypeError|SELECT |syntax error|stack/i,
      );
    }
    expect((await t.http.get('/api/v1/workspace', { token: owner.token })).body.name).toBe('Acme');
  });

  it('CORS: APP_URL is the only allowed origin; a foreign origin gets no Access-Control-Allow-Origin (simple and preflight requests)', async () => {
    const ours = await t.http.get('/api/v1/workspace', { token: owner.token, headers: { origin: APP_URL } });
    expect(ours.headers.get('access-control-allow-origin')).toBe(APP_URL);
    for (const origin of ['https://evil.example', 'null', `${APP_URL}.evil.example`, 'http://127.0.0.1:1']) {
      const simple = await t.http.get('/api/v1/workspace', { token: owner.token, headers: { origin } });
      expect({ origin, acao: simple.headers.get('access-control-allow-origin') }).toEqual({ origin, acao: null });
      const preflight = await t.http.request('OPTIONS', '/api/v1/workspace', undefined, {
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect({ origin, acao: preflight.headers.get('access-control-allow-origin') }).toEqual({ origin, acao: null });
    }
    const ok = await t.http.request('OPTIONS', '/api/v1/workspace', undefined, {
      headers: { origin: APP_URL, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(ok.status).toBeLessThan(300);
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP_URL);
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('TRACE and other unrouted methods are refused', async () => {
    // fetch will not send TRACE: a raw request
    const trace = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${t.baseUrl}/api/v1/workspace`,
        { method: 'TRACE', headers: { authorization: `Bearer ${owner.token}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    // a path that exists, with another method: 405 with the methods it has (issue 17), never the method run
    expect(trace).toBe(405);
    const patch = await t.http.request('PATCH', '/api/v1/workspace', { name: 'x' }, { token: owner.token });
    expectProblem(patch, 405, 'not_found');
    expect(patch.headers.get('allow')).toBe('GET, HEAD, PUT');
    expect((await t.http.get('/api/v1/workspace', { token: owner.token })).body.name).not.toBe('x');
  });
});

// ------------------------------------------------------------------------------------------------
describe('API9:2023 Improper Inventory Management — every route is documented, nothing undocumented is served', () => {
  /** Operational endpoints outside the client API: probes and scrapers, documented in API.md's Operations and the README. */
  const OPERATIONAL = ['GET /health/live', 'GET /health/ready', 'GET /metrics'];
  let doc: { paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    doc = (await t.http.get('/docs/openapi.json')).body;
  });

  it('every route the app registered is an operation of openapi.json (the operational ones excepted), and every operation is registered', () => {
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const registered = registeredRoutes(t.app).map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
    expect(registered.filter((r) => !documented.includes(r) && !OPERATIONAL.includes(r))).toEqual([]);
    expect(documented.filter((d) => !registered.includes(d))).toEqual([]);
  });

  it('no other routes exist at the HTTP layer than the API, the operational endpoints, the docs and the web app', async () => {
    // A second app in preview mode (no database) records every route Fastify is given, Nest's and plugins' alike.
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      REDIS_URL: 'redis://127.0.0.1:1',
      ENCRYPTION_KEYS: `inv:${Buffer.alloc(32).toString('base64')}`,
      SERVE_WEB: 'false',
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), createFastifyAdapter(config), {
      preview: true,
      logger: false,
      abortOnError: false,
      bodyParser: false, // as createApiApp: configureApiApp registers the JSON reader
    });
    const seen: string[] = [];
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        for (const m of [route.method].flat()) if (m !== 'HEAD') seen.push(`${m} ${route.url}`);
      });
    await configureApiApp(app, config, true);
    await app.init();
    await app.close();
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const unexpected = [...new Set(seen)]
      .filter((r) => !documented.has(r.replace(/:([A-Za-z0-9_]+)/g, '{$1}')) && !OPERATIONAL.includes(r))
      .filter((r) => !/^GET \/docs(\/|$)/.test(r) && !/^OPTIONS /.test(r));
    expect(unexpected).toEqual([]);
    expect(seen.length).toBeGreaterThan(30);
  });

  it('unknown API paths and versions are 404 problems (not the web app)', async () => {
    for (const path of ['/api/v2/workspace', '/api/workspace', '/api/v1/admin', '/api/v1/debug', '/api/v1/internal/metrics']) {
      expectProblem(await t.http.get(path), 404, 'not_found');
    }
  });
});

// ------------------------------------------------------------------------------------------------
describe('API10:2023 Unsafe Consumption of APIs — what Stripe and providers answer is validated, never trusted or passed on', () => {
  afterEach(() => stripe.fail(null));

  it('Stripe answering garbage, an error or nothing: checkout is 502/503 `upstream_unavailable`, never a 500, and nothing is recorded', async () => {
    const owner = await signup(t);
    const faults = [
      { status: 200, body: {} },
      { status: 200, body: { object: 'list', data: 'not a list' } },
      { status: 400, body: { error: { message: 'secret param echo sk_live_x' } } },
      { status: 500, body: { error: {} } },
      'reset',
    ] as const;
    for (const fault of faults) {
      stripe.fail(fault as never);
      const res = await t.http.post(
        '/api/v1/billing/checkout',
        { plan: 'starter', billingCycle: 'monthly', successUrl: 'https://x.example/ok', cancelUrl: 'https://x.example/no' },
        { token: owner.token },
      );
      expect({ fault, status: [502, 503].includes(res.status) ? '502/503' : res.status, code: res.body.code }).toEqual({
        fault,
        status: '502/503',
        code: 'upstream_unavailable',
      });
      expect(res.text).not.toContain('sk_live_x');
    }
    const [row] = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM audit_logs WHERE workspace_id = $1 AND action = 'billing.checkout_started'`,
      [owner.workspaceId],
    );
    expect(Number(row.n)).toBe(0);
  }, 60_000);

  it('Stripe webhooks are trusted only with a valid signature (in depth: billing-webhooks.e2e-spec.ts)', async () => {
    const body = JSON.stringify({
      id: 'evt_forged',
      type: 'customer.subscription.updated',
      data: { object: { id: 'sub_x', status: 'active' } },
    });
    for (const signature of [undefined, 't=1,v1=deadbeef', `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`]) {
      const res = await t.http.request('POST', '/api/v1/billing/webhooks', undefined, {
        raw: body,
        headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
      });
      expectProblem(res, 400, 'validation_failed');
    }
  });

  it("a provider's answer is read up to a cap and reduced to ok/status/short error: a huge or hostile body is never passed on", async () => {
    const hostile = await Receiver.start((req) =>
      req.path === '/huge'
        ? { status: 500, body: `<script>alert(1)</script>${'x'.repeat(2 * 1024 * 1024)}` }
        : { status: 200, body: '\u0000not json at all' },
    );
    const ctx = await createTestContext({ env: { OUTBOUND_ALLOW_HOSTS: hostile.host } });
    try {
      const owner = await signup(ctx);
      await ctx.http.put('/api/v1/integrations/webhook', { config: { url: hostile.url('/huge') } }, { token: owner.token });
      const huge = await ctx.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
      expect(huge.status).toBe(200);
      expect(huge.body.ok).toBe(false);
      expect(huge.body.statusCode).toBe(500);
      expect((huge.body.error ?? '').length).toBeLessThanOrEqual(500);
      expect(huge.text.length).toBeLessThan(2000);
      // the delivery log keeps a short snippet of the answer (API.md's "HTTP 404: no_service"), bounded, as JSON data
      const deliveries = await ctx.http.get('/api/v1/integrations/webhook/deliveries', { token: owner.token });
      expect(deliveries.body.data[0].lastError.length).toBeLessThanOrEqual(500);
      expect(deliveries.text.length).toBeLessThan(2000);
      await ctx.http.put('/api/v1/integrations/webhook', { config: { url: hostile.url('/garbage') } }, { token: owner.token });
      const garbage = await ctx.http.post('/api/v1/integrations/webhook/test', undefined, { token: owner.token });
      expect(garbage.body).toEqual({ ok: true, statusCode: 200, latencyMs: expect.any(Number) });
    } finally {
      await ctx.close();
      await hostile.stop();
    }
  });
});
