import type { ApplicationConfig } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { AuthGuard } from '../src/common/auth/auth.guard';
import { ProblemFilter } from '../src/common/errors/problem.filter';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, signup } from './support/factories';
import { ingest, setTraceQuota, span, trace } from './ingestion.helpers';

/**
 * The fast path (common/http/fast-path.ts) serves the ingest and OTLP routes without Nest's per-request machinery; a
 * request with an Idempotency-Key still goes through Nest (its interceptor acts on it). Both must answer alike.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { INGEST_RATE_LIMIT_PER_MINUTE: '40' } });
});
afterAll(() => t?.close());

const FAST_ROUTES = [
  ['POST', '/api/v1/ingest'],
  ['POST', '/api/v1/otel/v1/traces'],
  ['POST', '/v1/traces'],
] as const;

describe('fast path', () => {
  it('serves the @FastPath routes (the guard asked directly, not as a Nest guard) and no other; an ingest with an Idempotency-Key goes through Nest', async () => {
    const o = await signup(t);
    const { key } = await createApiKey(t, o.token, 'member');
    const guard = t.app.get(AuthGuard);
    const viaNest = jest.spyOn(guard, 'canActivate');
    const authorize = jest.spyOn(guard, 'authorize');
    try {
      const calls = async (send: () => Promise<{ status: number }>) => {
        viaNest.mockClear();
        authorize.mockClear();
        expect((await send()).status).toBeLessThan(300);
        return { nest: viaNest.mock.calls.length, authorize: authorize.mock.calls.length };
      };
      for (const [, url] of FAST_ROUTES) {
        const body = url === '/api/v1/ingest' ? { spans: [] } : { resourceSpans: [] };
        expect(await calls(() => t.http.post(url, body, { token: key }))).toEqual({ nest: 0, authorize: 1 });
        const idem = { token: key, headers: { 'idempotency-key': randomBytes(8).toString('hex') } };
        // POST /api/v1/ingest is @Idempotent: the interceptor acts on the key, through Nest; OTLP has no interceptor
        expect(await calls(() => t.http.post(url, body, idem))).toEqual({ nest: url === '/api/v1/ingest' ? 1 : 0, authorize: 1 });
      }
      expect(await calls(() => t.http.get('/api/v1/traces', { token: o.token }))).toEqual({ nest: 1, authorize: 1 });
    } finally {
      viaNest.mockRestore();
      authorize.mockRestore();
    }
  });

  it("the application's global enhancers are the ones the fast path applies: the AuthGuard, one pipe, the ProblemFilter, no interceptor", () => {
    // a global guard, interceptor or filter added later would be skipped by the fast path: this fails first
    const config = (t.app as unknown as { config: ApplicationConfig }).config;
    expect(config.getGlobalGuards().map((g) => g.constructor)).toEqual([AuthGuard]);
    expect(config.getGlobalRequestGuards()).toEqual([]);
    expect(config.getGlobalInterceptors()).toEqual([]);
    expect(config.getGlobalRequestInterceptors()).toEqual([]);
    expect(config.getGlobalFilters().map((f) => f.constructor)).toEqual([ProblemFilter]);
    expect(config.getGlobalRequestFilters()).toEqual([]);
    expect(config.getGlobalPipes()).toHaveLength(1);
    expect(config.getGlobalRequestPipes()).toEqual([]);
  });

  /** What must be equal between the two paths: status, content type, RateLimit headers' presence, body minus ids. */
  const shape = (res: { status: number; headers: Headers; body: unknown }) => {
    const body = typeof res.body === 'object' && res.body !== null ? { ...(res.body as Record<string, unknown>) } : res.body;
    if (typeof body === 'object' && body !== null) {
      delete (body as Record<string, unknown>).requestId;
      delete (body as Record<string, unknown>).instance;
    }
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      rateLimited: res.headers.get('ratelimit-limit') !== null,
      retryAfter: res.headers.get('retry-after') !== null,
      body,
    };
  };

  /** The same request through the fast path and through Nest's (an Idempotency-Key makes the interceptor act). */
  async function bothWays(send: (headers: Record<string, string>) => Promise<{ status: number; headers: Headers; body: unknown }>) {
    const fast = await send({});
    const nest = await send({ 'idempotency-key': randomBytes(8).toString('hex') });
    expect(shape(fast)).toEqual(shape(nest));
    return fast;
  }

  it('answers every outcome of POST /api/v1/ingest as Nest does', async () => {
    const o = await signup(t);
    const { key } = await createApiKey(t, o.token, 'member');
    const viewer = await addMember(t, o, 'viewer');
    const ingestKey = (await t.http.post('/api/v1/api-keys', { name: 'sdk', role: 'member', scope: 'ingest' }, { token: o.token })).body
      .key as string;

    // stored (a fixed batch: the second send replaces the same spans), with per-span errors
    const batch = [...trace(1), span({ spanId: 'not-hex' })];
    const ok = await bothWays((h) => ingest(t, key, batch, h));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ accepted: 2, errors: [{ index: 2 }] });
    expect((await bothWays((h) => ingest(t, ingestKey, batch, h))).status).toBe(200);
    // refused before the handler: no credential, unknown key, a viewer, a malformed credential
    expect((await bothWays((h) => t.http.post('/api/v1/ingest', { spans: [] }, { headers: h }))).status).toBe(401);
    expect((await bothWays((h) => ingest(t, `ao_sk_${'x'.repeat(40)}`, [], h))).status).toBe(401);
    expect((await bothWays((h) => ingest(t, 'not a key!', [], h))).status).toBe(401);
    expect((await bothWays((h) => ingest(t, viewer.token, batch, h))).status).toBe(403);
    // refused by the handler: not { spans }, too many spans, the quota (thrown from the service)
    expect((await bothWays((h) => t.http.post('/api/v1/ingest', [1, 2], { token: key, headers: h }))).status).toBe(400);
    expect((await bothWays((h) => t.http.post('/api/v1/ingest', { spans: 'no' }, { token: key, headers: h }))).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, () => ({}));
    expect((await bothWays((h) => ingest(t, key, tooMany, h))).status).toBe(400);
    await setTraceQuota(t, o.workspaceId, 1);
    const overQuota = [...trace(0), ...trace(0)];
    const quota = await bothWays((h) => ingest(t, key, overQuota, h));
    expect(quota.status).toBe(402);
    expect(quota.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers OTLP on the fast path: success, and errors as google.rpc.Status (OTLP has no interceptor: one path)', async () => {
    const o = await signup(t);
    const { key } = await createApiKey(t, o.token, 'member');
    const traceId = randomBytes(16).toString('hex');
    const otlp = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: randomBytes(8).toString('hex'),
                  name: 'llm',
                  kind: 1,
                  startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
                  endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    };
    for (const path of ['/api/v1/otel/v1/traces', '/v1/traces']) {
      const ok = await t.http.post(path, otlp, { headers: { 'x-api-key': key } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({});
      const refused = await t.http.post(path, otlp, { headers: { 'x-api-key': `ao_sk_${'y'.repeat(40)}` } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('content-type')).toContain('application/json');
      expect(refused.body).toMatchObject({ code: 16 });
    }
    expect((await t.http.get(`/api/v1/traces/${traceId}`, { token: o.token })).body.spans).toHaveLength(1);
  });

  it('applies the ingest bucket of the route (429 with Retry-After) on the fast path', async () => {
    const o = await signup(t);
    const { key } = await createApiKey(t, o.token, 'member');
    let last = await ingest(t, key, []);
    for (let i = 0; i < 60 && last.status !== 429; i++) last = await ingest(t, key, []);
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).not.toBeNull();
    expect(last.headers.get('content-type')).toContain('application/problem+json');
    expect((await bothWays((h) => ingest(t, key, [], h))).status).toBe(429);
  });
});
