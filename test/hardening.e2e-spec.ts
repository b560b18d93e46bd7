/**
 * Issue 17 "Hardening", through HTTP against the real app: bad input is always a 4xx (deep JSON, non-object bodies,
 * malformed cursors, U+0000 and lone surrogates, errors raised before routing), Cache-Control: no-store on everything
 * authenticated or secret, RateLimit-* on unknown /api paths, and failures the code carries on after are counted on
 * /metrics. Data-driven where the API is: every operation of the served OpenAPI document that takes a body, and every
 * list that takes a cursor, is probed.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { sha256Hex } from '../src/common/crypto/tokens';
import { countRows, span } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { createApiKey, expectProblem, PASSWORD, signup, SignedUp, uniqueEmail } from './support/factories';
import { contextWithOwnRedis } from './support/own-redis-context';
import { startRedis } from './support/processes';
import { waitUntil } from './support/smtp';

let t: TestContext;
let owner: SignedUp;
let ownerKey: string;
let doc: { paths: Record<string, Record<string, Operation>> };

interface Operation {
  requestBody?: { content: Record<string, unknown> };
  parameters?: { name: string; in: string }[];
}

beforeAll(async () => {
  t = await createTestContext();
  owner = await signup(t);
  ownerKey = (await createApiKey(t, owner.token, 'owner')).key;
  doc = (await t.http.get('/docs/openapi.json')).body;
});
afterAll(async () => {
  await t?.close();
});

const OTLP_PATHS = ['/v1/traces', '/api/v1/otel/v1/traces'];
const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

/** Every operation of the document, with its path parameters filled with values of the right shape. */
function operations(filter: (op: Operation) => boolean) {
  const out: { method: string; path: string; template: string }[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!filter(op)) continue;
      const path = template
        .replace('{type}', 'webhook')
        .replace('{traceId}', '4bf92f3577b34da6a3ce929d0e0e4736')
        .replace('{token}', 'x'.repeat(43))
        .replace(/\{[^}]+\}/g, randomUUID());
      out.push({ method: method.toUpperCase(), path, template });
    }
  }
  return out;
}

/** The credential an operation takes: the owner's API key (x-api-key on OTLP, as exporters send it). */
const credentialFor = (path: string): Record<string, string> =>
  OTLP_PATHS.includes(path) ? { 'x-api-key': ownerKey } : { authorization: `Bearer ${ownerKey}` };

/** 400 as the operation's protocol writes it: problem+json, or google.rpc.Status (INVALID_ARGUMENT) on OTLP. */
function expectBadRequest(res: { status: number; headers: Headers; body: any; text: string }, path: string, detail?: RegExp) {
  if (OTLP_PATHS.includes(path)) {
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: 400, code: 3 });
    if (detail) expect(res.body.message).toMatch(detail);
    return;
  }
  expectProblem(res, 400, 'validation_failed');
  if (detail) expect(res.body.detail).toMatch(detail);
}

describe('JSON nested deeper than 64 levels is a 400 before any other work', () => {
  it('unauthenticated POST /auth/login with a body nested 10,000 deep: 400, not a stack overflow', async () => {
    const res = await t.http.post('/api/v1/auth/login', undefined, {
      raw: `{"email":${nested(10_000)},"password":"x"}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.detail).toBe('The request body is nested deeper than 64 levels');
    expect(res.body.errors).toEqual([{ field: 'body', message: 'must not nest arrays and objects deeper than 64 levels' }]);
  });

  it('the limit is 64: a body 64 deep reaches validation, 65 deep does not', async () => {
    // {"email": [[…]]}: the object is level 1, the arrays levels 2..n
    const at = (depth: number) =>
      t.http.post('/api/v1/auth/login', undefined, {
        raw: `{"email":${nested(depth - 1)},"password":"x"}`,
        headers: { 'content-type': 'application/json' },
      });
    const ok = await at(64);
    expectProblem(ok, 400, 'validation_failed');
    expect(ok.body.detail).not.toMatch(/nested deeper/);
    expect((await at(65)).body.detail).toBe('The request body is nested deeper than 64 levels');
  });

  it('brackets inside strings do not count', async () => {
    const res = await t.http.post('/api/v1/api-keys', { name: `${'['.repeat(70)}"{` }, { token: owner.token });
    expect(res.status).toBe(201);
  });

  it('ingest: a deep batch is refused whole with 400 (nothing half-stored); the same spans, shallow, are stored', async () => {
    const ws = await signup(t);
    const { key } = await createApiKey(t, ws.token, 'member');
    const spans = [span(), span(), span()];
    const deep = JSON.stringify({ spans }).replace('"status":"ok"', `"status":"ok","attributes":{"a":${nested(5000)}}`);
    const res = await t.http.post('/api/v1/ingest', undefined, { raw: deep, token: key, headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'validation_failed');
    expect(await countRows(t, ws.workspaceId)).toEqual({ traces: 0, spans: 0 });
    const fine = await t.http.post('/api/v1/ingest', { spans }, { token: key });
    expect(fine.body).toMatchObject({ accepted: 3, errors: [] });
    expect(await countRows(t, ws.workspaceId)).toEqual({ traces: 3, spans: 3 });
  });

  it('ingest at the limit (the route reads bodies with its own scanner, which declines deeper ones): 64 levels stored, 65 a 400', async () => {
    const ws = await signup(t);
    const { key } = await createApiKey(t, ws.token, 'member');
    // the body, spans, the span and attributes are 4 levels: the array inside adds the rest
    const at = (levels: number) =>
      JSON.stringify({ spans: [span()] }).replace('"status":"ok"', `"status":"ok","attributes":{"a":${nested(levels - 4)}}`);
    const send = (raw: string) =>
      t.http.post('/api/v1/ingest', undefined, { raw, token: key, headers: { 'content-type': 'application/json' } });
    expect((await send(at(64))).body).toMatchObject({ accepted: 1, errors: [] });
    const deep = await send(at(65));
    expectProblem(deep, 400, 'validation_failed');
    expect(deep.body.detail).toBe('The request body is nested deeper than 64 levels');
    expect(await countRows(t, ws.workspaceId)).toEqual({ traces: 1, spans: 1 });
  });

  it.each(OTLP_PATHS)('OTLP JSON on %s: 400 as google.rpc.Status', async (path) => {
    const res = await t.http.post(path, undefined, {
      raw: `{"resourceSpans":${nested(10_000)}}`,
      headers: { 'content-type': 'application/json', 'x-api-key': ownerKey },
    });
    expectBadRequest(res, path, /nested deeper than 64/);
  });

  it('every operation that takes a JSON body answers 400 to a body nested 10,000 deep', async () => {
    const ops = operations((op) => !!op.requestBody?.content['application/json']);
    expect(ops.length).toBeGreaterThanOrEqual(14);
    for (const op of ops) {
      const res = await t.http.request(op.method, op.path, undefined, {
        raw: `{"a":${nested(10_000)}}`,
        headers: { 'content-type': 'application/json', ...credentialFor(op.path) },
      });
      expectBadRequest(res, op.path, /nested deeper than 64/);
    }
  });
});

describe('a body that is not a JSON object is a 400 on every operation with a body', () => {
  it('PUT /workspace with null changes nothing and is 400', async () => {
    const before = (await t.http.get('/api/v1/workspace', { token: owner.token })).body;
    const res = await t.http.put('/api/v1/workspace', undefined, {
      raw: 'null',
      token: owner.token,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
    expect((await t.http.get('/api/v1/workspace', { token: owner.token })).body).toEqual(before);
  });

  it.each(['null', '[]', '[{"name":"x"}]', '"a string"', '42', 'true', ' \n null'])('%s → 400 on every operation', async (raw) => {
    for (const op of operations((o) => !!o.requestBody?.content['application/json'])) {
      const res = await t.http.request(op.method, op.path, undefined, {
        raw,
        headers: { 'content-type': 'application/json', ...credentialFor(op.path) },
      });
      expectBadRequest(res, op.path, /must be a JSON object/);
    }
  });
});

describe('a malformed cursor is a 400 on every list', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const BAD_CURSORS = [
    'AAAA',
    '!!!',
    'x'.repeat(501),
    b64(['x', 'y']),
    b64(['2026-01-01T00:00:00.000Z', 'not-an-id']),
    b64(['yesterday', randomUUID()]),
    b64([1, randomUUID()]),
    b64(['2026-13-01T00:00:00.000Z', randomUUID()]),
    b64({ v: '2026-01-01T00:00:00.000Z', id: randomUUID() }),
  ];

  it('every operation with ?cursor= refuses each malformed cursor with 400 validation_failed', async () => {
    const lists = operations((op) => (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'cursor'));
    expect(lists.map((l) => l.template).sort()).toEqual(
      expect.arrayContaining([
        '/api/v1/api-keys',
        '/api/v1/audit-logs',
        '/api/v1/billing/invoices',
        '/api/v1/integrations/{type}/deliveries',
        '/api/v1/team/invitations',
        '/api/v1/team/members',
        '/api/v1/traces',
      ]),
    );
    for (const list of lists) {
      for (const cursor of BAD_CURSORS) {
        const res = await t.http.get(`${list.path}?cursor=${encodeURIComponent(cursor)}`, { token: ownerKey });
        expectProblem(res, 400, 'validation_failed');
        expect(res.body.errors?.[0]?.field).toBe('cursor');
      }
    }
  });

  it('a cursor the API gave still pages', async () => {
    for (let i = 0; i < 3; i++) await createApiKey(t, owner.token, 'viewer');
    const first = await t.http.get('/api/v1/api-keys?limit=2', { token: owner.token });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const next = await t.http.get(`/api/v1/api-keys?limit=2&cursor=${first.body.nextCursor}`, { token: owner.token });
    expect(next.status).toBe(200);
    expect(next.body.data.length).toBeGreaterThan(0);
  });
});

describe('U+0000 or an unpaired surrogate in a name, identifier or setting is a 400 naming the field', () => {
  const NUL = 'a\u0000b';
  // JSON.stringify writes a lone surrogate as the escape \ud800, which is what a client sends
  const LONE = 'a\ud800b';
  const cases: [string, string, string, (bad: string) => unknown, string | ((bad: string) => string)][] = [
    [
      'signup name',
      'POST',
      '/api/v1/auth/signup',
      (bad) => ({ email: uniqueEmail(), password: PASSWORD, name: bad, workspaceName: 'W' }),
      'name',
    ],
    [
      'signup workspace',
      'POST',
      '/api/v1/auth/signup',
      (bad) => ({ email: uniqueEmail(), password: PASSWORD, name: 'N', workspaceName: bad }),
      'workspaceName',
    ],
    [
      'signup password',
      'POST',
      '/api/v1/auth/signup',
      (bad) => ({ email: uniqueEmail(), password: `${PASSWORD}${bad}`, name: 'N', workspaceName: 'W' }),
      'password',
    ],
    ['login email', 'POST', '/api/v1/auth/login', (bad) => ({ email: `${bad}@example.com`, password: PASSWORD }), 'email'],
    ['workspace name', 'PUT', '/api/v1/workspace', (bad) => ({ name: bad }), 'name'],
    ['workspace slug', 'PUT', '/api/v1/workspace', (bad) => ({ slug: bad }), 'slug'],
    ['workspace timezone', 'PUT', '/api/v1/workspace', (bad) => ({ timezone: bad }), 'timezone'],
    ['invite email', 'POST', '/api/v1/team/invite', (bad) => ({ email: `x${bad}@example.com`, role: 'member' }), 'email'],
    ['api key name', 'POST', '/api/v1/api-keys', (bad) => ({ name: bad }), 'name'],
    [
      'integration name',
      'PUT',
      '/api/v1/integrations/webhook',
      (bad) => ({ name: bad, config: { url: 'https://example.com/h', events: [] } }),
      'name',
    ],
    [
      'webhook events',
      'PUT',
      '/api/v1/integrations/webhook',
      (bad) => ({ config: { url: 'https://example.com/h', events: ['trace.error', bad] } }),
      'config.events.1',
    ],
    [
      'custom header name',
      'PUT',
      '/api/v1/integrations/custom',
      (bad) => ({ config: { url: 'https://example.com/h', method: 'POST', headers: { [`X-${bad}`]: 'v' } } }),
      (bad) => `config.headers.X-${bad.replace(/\0|[\ud800-\udfff]/g, '\uFFFD')}`,
    ],
    [
      'checkout url',
      'POST',
      '/api/v1/billing/checkout',
      (bad) => ({ plan: 'starter', billingCycle: 'monthly', successUrl: `https://example.com/${bad}`, cancelUrl: 'https://example.com/c' }),
      'successUrl',
    ],
    ['plan', 'PUT', '/api/v1/billing/plan', (bad) => ({ plan: bad }), 'plan'],
    ['accept name', 'POST', `/api/v1/team/invitations/${'x'.repeat(43)}/accept`, (bad) => ({ name: bad, password: PASSWORD }), 'name'],
  ];

  it.each(cases)('%s (%s %s)', async (_label, method, path, body, field) => {
    for (const bad of [NUL, LONE, '\udc00', 'x\udbff']) {
      const res = await t.http.request(method, path, body(bad), { token: owner.token });
      expectProblem(res, 400, 'validation_failed');
      const expected = typeof field === 'string' ? field : field(bad);
      expect(res.body.errors).toEqual([{ field: expected, message: 'must not contain U+0000 or an unpaired UTF-16 surrogate' }]);
    }
  });

  it('a query filter of a list too; a valid surrogate pair (emoji) is fine everywhere', async () => {
    const res = await t.http.get(`/api/v1/team/members?role=${encodeURIComponent(NUL)}`, { token: owner.token });
    expectProblem(res, 400, 'validation_failed');
    const ok = await t.http.put('/api/v1/workspace', { name: 'Acme 🚀 Київ' }, { token: owner.token });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('Acme 🚀 Київ');
  });
});

// ------------------------------------------------------------------------------------------ before routing

/** One raw HTTP exchange (for requests fetch will not send: oversized headers). */
function rawRequest(head: string): Promise<string> {
  const { port } = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let out = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer')));
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' && out ? resolve(out) : reject(e)));
    socket.on('close', () => resolve(out));
    socket.write(head);
  });
}
const parseRaw = (text: string) => {
  const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
  const headers = new Headers();
  for (const line of head.split('\r\n').slice(1))
    headers.append(line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim());
  return { status: Number(head.split(' ')[1]), headers, body: JSON.parse(body), text: body };
};

describe('errors raised before routing are problem+json (google.rpc.Status on OTLP paths)', () => {
  it('404 for an unknown path under /api', async () => {
    const res = await t.http.get('/api/v1/no-such-thing', { token: ownerKey });
    expectProblem(res, 404, 'not_found');
  });

  it('405 with Allow for a path that exists with other methods', async () => {
    const res = await t.http.request('PATCH', '/api/v1/workspace', {}, { token: ownerKey });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT');
    expect(res.body).toMatchObject({ status: 405, title: 'Method Not Allowed', requestId: res.headers.get('x-request-id') });
    const param = await t.http.request('GET', `/api/v1/team/members/${randomUUID()}/role`, undefined, { token: ownerKey });
    expect({ status: param.status, allow: param.headers.get('allow') }).toEqual({ status: 405, allow: 'PUT' });
    for (const path of OTLP_PATHS) {
      const otlp = await t.http.get(path, { headers: { 'x-api-key': ownerKey } });
      expect({ status: otlp.status, allow: otlp.headers.get('allow'), code: otlp.body.code }).toEqual({
        status: 405,
        allow: 'POST',
        code: 3,
      });
      expect(otlp.body.message).toMatch(/not allowed/);
    }
  });

  it('413 for a JSON body over the 1 MB limit', async () => {
    const res = await t.http.put('/api/v1/workspace', { name: 'x'.repeat(1_100_000) }, { token: ownerKey });
    expectProblem(res, 413, 'payload_too_large');
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'name=x'],
    ['application/xml', '<a/>'],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('415 for %s', async (type, raw) => {
    const res = await t.http.put('/api/v1/workspace', undefined, { raw, token: ownerKey, headers: { 'content-type': type } });
    expectProblem(res, 415, 'unsupported_media_type');
    const otlp = await t.http.post('/v1/traces', undefined, { raw, headers: { 'content-type': type, 'x-api-key': ownerKey } });
    expect({ status: otlp.status, code: otlp.body.code }).toEqual({ status: 415, code: 3 });
  });

  it('431 for headers over 16 KB (Node’s parser), with a request id', async () => {
    const res = parseRaw(await rawRequest(`GET /api/v1/workspace HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expectProblem(res, 431, 'validation_failed');
    expect(res.body.title).toBe('Request Header Fields Too Large');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const otlp = parseRaw(
      await rawRequest(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect({ status: otlp.status, type: otlp.headers.get('content-type'), code: otlp.body.code }).toEqual({
      status: 431,
      type: 'application/json',
      code: 3,
    });
  });

  it('400 for malformed HTTP, a URL that does not decode, or a malformed CORS preflight; 414 for an over-long path segment', async () => {
    expectProblem(
      parseRaw(await rawRequest('GET /api/v1/workspace HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n')),
      400,
      'validation_failed',
    );
    expectProblem(await t.http.get('/api/v1/%zz', { token: ownerKey }), 400, 'validation_failed');
    const preflight = await t.http.request('OPTIONS', '/api/v1/workspace');
    expectProblem(preflight, 400, 'validation_failed');
    expect(preflight.body.detail).toMatch(/Origin and Access-Control-Request-Method/);
    const long = await t.http.put(`/api/v1/team/members/${'a'.repeat(400)}/role`, { role: 'member' }, { token: ownerKey });
    expect({ status: long.status, code: long.body.code, type: long.headers.get('content-type') }).toEqual({
      status: 414,
      code: 'validation_failed',
      type: 'application/problem+json; charset=utf-8',
    });
  });
});

// ------------------------------------------------------------------------------------------ no-store, RateLimit-*

describe('Cache-Control: no-store on every authenticated answer and every answer with a token or secret', () => {
  const noStore = (res: { headers: Headers }) => expect(res.headers.get('cache-control')).toBe('no-store');

  it('signup, login, API key creation, an invitation accepted (each carries a secret), and their idempotent replays', async () => {
    const email = uniqueEmail();
    const headers = { 'idempotency-key': `signup-${email}` };
    const body = { email, password: PASSWORD, name: 'N', workspaceName: 'W' };
    const created = await t.http.post('/api/v1/auth/signup', body, { headers });
    expect(created.status).toBe(201);
    noStore(created);
    const replay = await t.http.post('/api/v1/auth/signup', body, { headers });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    noStore(replay);
    noStore(await t.http.post('/api/v1/auth/login', { email, password: PASSWORD }));
    noStore(await t.http.post('/api/v1/api-keys', { name: 'k' }, { token: created.body.accessToken }));

    const invited = uniqueEmail('invitee');
    const inv = await t.http.post('/api/v1/team/invite', { email: invited, role: 'member' }, { token: owner.token });
    expect(inv.status).toBe(201);
    const token = `tok${randomUUID().replace(/-/g, '')}aaaaaaaa`; // the emailed token, known here: its digest set below
    await t.sql('UPDATE invitations SET token_digest = $2 WHERE id = $1', [inv.body.id, sha256Hex(token)]);
    const accepted = await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'Invitee', password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body.accessToken).toEqual(expect.any(String));
    noStore(accepted);
  });

  it('every answer to a request with a credential, errors included; unauthenticated non-API pages stay cacheable', async () => {
    noStore(await t.http.get('/api/v1/workspace', { token: owner.token }));
    noStore(await t.http.get('/api/v1/traces', { token: ownerKey }));
    noStore(await t.http.get(`/api/v1/traces/${'0'.repeat(32)}`, { token: ownerKey })); // 404
    noStore(await t.http.get('/api/v1/workspace', { token: 'ao_sk_not-a-key' })); // 401
    noStore(await t.http.post('/v1/traces', {}, { headers: { 'x-api-key': ownerKey } }));
    noStore(await t.http.get('/api/v1/invitations/unknown-token')); // public, but an API answer
    expect((await t.http.get('/health/live')).headers.get('cache-control')).toBeNull();
    expect((await t.http.get('/docs/openapi.json')).headers.get('cache-control')).toBeNull();
  });
});

describe('RateLimit-* headers on 404s under /api/v1, counted in the caller’s budget', () => {
  it('an unknown path answers 404 with RateLimit-* for a credential and for an anonymous caller', async () => {
    for (const opts of [{ token: ownerKey }, {}]) {
      const res = await t.http.get('/api/v1/definitely/not/here', opts);
      expectProblem(res, 404, 'not_found');
      for (const h of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']) expect(res.headers.get(h)).toMatch(/^\d+$/);
    }
  });

  it('unknown paths spend the same budget as the routes: past the limit they are 429 with Retry-After', async () => {
    const limited = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const o = await signup(limited);
      const remaining: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await limited.http.get(`/api/v1/nope-${i}`, { token: o.token });
        expect(res.status).toBe(404);
        remaining.push(Number(res.headers.get('ratelimit-remaining')));
      }
      expect(remaining).toEqual([4, 3, 2]);
      expect((await limited.http.get('/api/v1/workspace', { token: o.token })).headers.get('ratelimit-remaining')).toBe('1');
      await limited.http.get('/api/v1/nope-again', { token: o.token });
      const over = await limited.http.get('/api/v1/nope-once-more', { token: o.token });
      expectProblem(over, 429, 'rate_limited');
      expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await limited.close();
    }
  });
});

// ------------------------------------------------------------------------------------------ nothing fails silently

describe('failures the code carries on after are logged and counted', () => {
  it('Redis down: requests still succeed, and swallowed_errors_total{where} on /metrics counts the failed cache reads and connection errors', async () => {
    const ctx = await contextWithOwnRedis();
    const own = ctx.t;
    let redis = ctx.redis;
    try {
      const o = await signup(own);
      await redis.kill();
      // the cache read (workspace) fails over to the database: the request still answers
      await waitUntil(
        'the workspace read to go through without Redis',
        async () => (await own.http.get('/api/v1/workspace', { token: o.token })).status === 200,
        15_000,
      );
      const metrics = (await own.http.get('/metrics')).text;
      const count = (where: string) => Number(new RegExp(`swallowed_errors_total\\{where="${where}"\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
      expect(metrics).toContain('# TYPE swallowed_errors_total counter');
      expect(count('cache.read')).toBeGreaterThan(0);
      expect(count('redis.connection')).toBeGreaterThan(0);
    } finally {
      // back up before closing: BullMQ's workers wait for their Redis to close cleanly
      redis = await startRedis(redis.port);
      await waitUntil('Redis to be reachable again', async () => (await own.http.get('/health/ready')).status === 200, 30_000);
      await own.close();
      await redis.kill();
      await ctx.smtp.close();
    }
  }, 60_000);
});
