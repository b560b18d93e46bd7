import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../src/app.factory';
import { Http } from './support/http';
import { ingest, setTraceQuota, span } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp } from './support/factories';

/**
 * API.md `GET /api/v1/ingest/health` (issue 19 item 4): what happened to a workspace's telemetry — spans accepted and
 * sampled out, refusals by reason, per day, and the latest refusals with the key prefix — over POST /api/v1/ingest
 * and the OTLP routes, counted across API processes, a request with an expired or revoked key of the workspace
 * counted for it.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

interface Health {
  accepted: number;
  sampledOut: number;
  rejected: { validation: number; quota: number; rateLimited: number; tooLarge: number; expiredOrRevokedKey: number };
  daily: { date: string; accepted: number; sampledOut: number; rejected: number }[];
  lastErrors: { at: string; source: 'ingest' | 'otlp'; code: string; message: string; keyPrefix: string | null }[];
}

const health = async (token: string, query = '', ctx: TestContext = t) => {
  const res = await ctx.http.get<Health>(`/api/v1/ingest/health${query}`, { token });
  expect(res.status).toBe(200);
  return res.body;
};

/** Polls until the counters (written within a second by every process) satisfy `ok`; fails with the last answer. */
async function until(token: string, ok: (h: Health) => boolean, ctx: TestContext = t): Promise<Health> {
  const deadline = Date.now() + 15_000;
  let last = await health(token, '', ctx);
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`ingest health never matched: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await health(token, '', ctx);
  }
  return last;
}

async function workspace(ctx: TestContext = t): Promise<SignedUp & { key: { id: string; key: string } }> {
  const o = await signup(ctx);
  return { ...o, key: await createApiKey(ctx, o.token, 'member') };
}

const ZERO = { validation: 0, quota: 0, rateLimited: 0, tooLarge: 0, expiredOrRevokedKey: 0 };

describe('GET /api/v1/ingest/health', () => {
  it('starts empty: zero counters, one day per UTC day of the window, no errors', async () => {
    const w = await workspace();
    const h = await health(w.token);
    expect(h).toMatchObject({ accepted: 0, sampledOut: 0, rejected: ZERO, lastErrors: [] });
    expect(h.daily.length).toBeGreaterThanOrEqual(1);
    expect(h.daily.length).toBeLessThanOrEqual(2);
    expect(h.daily.every((d) => d.accepted === 0 && d.rejected === 0)).toBe(true);
  });

  it('counts spans accepted, sampled out and refused by validation (per span), with the first refusal in lastErrors', async () => {
    const w = await workspace();
    const ok = await ingest(t, w.key.key, [span(), span(), span(), { name: 'no ids' }]);
    expect(ok.status).toBe(200);
    expect(ok.body.accepted).toBe(3);
    expect((await t.http.put('/api/v1/workspace', { settings: { samplingRate: 0 } }, { token: w.token })).status).toBe(200);
    expect((await ingest(t, w.key.key, [span(), span()])).body.accepted).toBe(2); // dropped traces count as accepted in the answer
    const h = await until(w.token, (x) => x.accepted === 3 && x.sampledOut === 2);
    expect(h.rejected).toEqual({ ...ZERO, validation: 1 });
    const today = h.daily[h.daily.length - 1];
    expect(today).toEqual({ date: new Date().toISOString().slice(0, 10), accepted: 3, sampledOut: 2, rejected: 1 });
    expect(h.lastErrors).toHaveLength(1);
    expect(h.lastErrors[0]).toMatchObject({ source: 'ingest', keyPrefix: w.key.key.slice(0, 12) });
    expect(h.lastErrors[0].message).toMatch(/^1 span refused; first: span 3: /);
    expect(JSON.stringify(h)).not.toContain(w.key.key);
  });

  it('a batch refused whole with 400 counts its spans (or 1 when the body does not parse); 413 too large; 402 quota', async () => {
    const w = await workspace();
    expect(
      (
        await ingest(
          t,
          w.key.key,
          Array.from({ length: 1001 }, () => span()),
        )
      ).status,
    ).toBe(400);
    const broken = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: w.key.key,
      raw: '{"spans": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    const big = JSON.stringify({ spans: [span({ input: 'x'.repeat(5.5 * 1024 * 1024) })] });
    const tooLarge = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: w.key.key,
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(tooLarge.status).toBe(413);
    await setTraceQuota(t, w.workspaceId, 0);
    expectProblem(await ingest(t, w.key.key, [span()]), 402, 'plan_limit_exceeded');

    const h = await until(w.token, (x) => x.rejected.validation === 1002 && x.rejected.tooLarge === 1 && x.rejected.quota === 1);
    expect(h).toMatchObject({ accepted: 0, sampledOut: 0, rejected: { ...ZERO, validation: 1002, tooLarge: 1, quota: 1 } });
    expect(h.lastErrors.map((e) => e.code)).toEqual(['plan_limit_exceeded', 'payload_too_large', 'validation_failed', 'validation_failed']);
    expect(h.lastErrors.every((e) => e.keyPrefix === w.key.key.slice(0, 12) && e.source === 'ingest')).toBe(true);
    expect(h.lastErrors[1].message).toMatch(/too large/i);
  });

  it('counts requests with an expired, rotated-out or revoked key of the workspace for it (still 401); an unknown key counts nowhere', async () => {
    const w = await workspace();
    const other = await workspace();
    const revoked = await createApiKey(t, w.token, 'member');
    await t.http.delete(`/api/v1/api-keys/${revoked.id}`, { token: w.token });
    const expired = await createApiKey(t, w.token, 'member');
    await t.sql(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
    const rotated = await createApiKey(t, w.token, 'member');
    expect((await t.http.post(`/api/v1/api-keys/${rotated.id}/rotate`, { gracePeriodSeconds: 0 }, { token: w.token })).status).toBe(201);

    for (const k of [revoked, expired, rotated]) expectProblem(await ingest(t, k.key, [span()]), 401, 'unauthenticated');
    // OTLP too, with the key in x-api-key
    const otlp = await t.http.post('/v1/traces', { resourceSpans: [] }, { headers: { 'x-api-key': revoked.key } });
    expect(otlp.status).toBe(401);
    // a secret no workspace knows
    expect((await ingest(t, `ao_sk_${'A'.repeat(43)}`, [span()])).status).toBe(401);

    const h = await until(w.token, (x) => x.rejected.expiredOrRevokedKey === 4);
    expect(h.rejected).toEqual({ ...ZERO, expiredOrRevokedKey: 4 });
    expect(h.lastErrors).toHaveLength(4);
    expect(h.lastErrors[0]).toMatchObject({ source: 'otlp', code: 'unauthenticated', keyPrefix: revoked.key.slice(0, 12) });
    expect(h.lastErrors[0].message).toMatch(/revoked/);
    const messages = h.lastErrors.slice(1).map((e) => e.message);
    expect(messages.some((m) => /expired at/.test(m))).toBe(true);
    expect(messages.some((m) => /grace period ended/.test(m))).toBe(true);
    expect(await health(other.token)).toMatchObject({ rejected: ZERO, lastErrors: [] });
  });

  it('counts OTLP requests by span like /api/v1/ingest (source otlp)', async () => {
    const w = await workspace();
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const otlpSpan = (spanId: string) => ({
      traceId,
      spanId,
      name: 'llm',
      kind: 1,
      startTimeUnixNano: String(BigInt(Date.now() - 1000) * 1_000_000n),
      endTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    });
    const res = await t.http.post(
      '/api/v1/otel/v1/traces',
      { resourceSpans: [{ scopeSpans: [{ spans: [otlpSpan('b7ad6b7169203331'), otlpSpan('b7ad6b7169203332')] }] }] },
      { token: w.key.key },
    );
    expect(res.status).toBe(200);
    const undecodable = await t.http.request('POST', '/v1/traces', undefined, {
      headers: { 'x-api-key': w.key.key, 'content-type': 'application/x-protobuf' },
      raw: new Uint8Array([0xff, 0xff, 0xff]),
    });
    expect(undecodable.status).toBe(400);
    const h = await until(w.token, (x) => x.accepted === 2 && x.rejected.validation === 1);
    expect(h.lastErrors).toEqual([
      expect.objectContaining({ source: 'otlp', code: 'validation_failed', keyPrefix: w.key.key.slice(0, 12) }),
    ]);
  });

  it('an idempotent replay is not counted again', async () => {
    const w = await workspace();
    const headers = { 'idempotency-key': 'health-replay' };
    const body = [span(), span()];
    expect((await ingest(t, w.key.key, body, headers)).status).toBe(200);
    const replay = await ingest(t, w.key.key, body, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    await until(w.token, (x) => x.accepted === 2);
    // a later request proves the replay's flush has happened too (one flush writes both)
    expect((await ingest(t, w.key.key, [span()])).status).toBe(200);
    expect((await until(w.token, (x) => x.accepted >= 3)).accepted).toBe(3);
  });

  it('viewer+ (a viewer reads it), user tokens and keys alike; another workspace sees only its own', async () => {
    const w = await workspace();
    expect((await ingest(t, w.key.key, [span()])).status).toBe(200);
    const viewer = await addMember(t, w, 'viewer');
    const viewerKey = await createApiKey(t, w.token, 'viewer');
    await until(viewer.token, (x) => x.accepted === 1);
    expect((await health(viewerKey.key)).accepted).toBe(1);
    expectProblem(await t.http.get('/api/v1/ingest/health'), 401, 'unauthenticated');
    const ingestOnly = (await t.http.post('/api/v1/api-keys', { name: 'ci', scope: 'ingest' }, { token: w.token })).body.key;
    expectProblem(await t.http.get('/api/v1/ingest/health', { token: ingestOnly }), 403, 'forbidden');
  });

  it('validates from/to: ISO-8601, from before to, at most 366 days, no other parameters (400)', async () => {
    const w = await workspace();
    for (const q of [
      '?from=yesterday',
      '?to=2026-13-01T00:00:00Z',
      '?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
      '?from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      '?limit=5',
    ]) {
      expectProblem(await t.http.get(`/api/v1/ingest/health${q}`, { token: w.token }), 400, 'validation_failed');
    }
    const h = await health(w.token, '?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z');
    expect(h.daily.map((d) => d.date)).toEqual(['01', '02', '03', '04', '05', '06', '07'].map((d) => `2026-01-${d}`));
  });

  it('the window selects hours: traffic outside it is not counted; daily groups by UTC day', async () => {
    const w = await workspace();
    await t.sql(
      `INSERT INTO ingest_health_hourly (workspace_id, hour, accepted, rejected_quota) VALUES
         ($1, '2026-03-01T10:00:00Z', 5, 1), ($1, '2026-03-01T23:00:00Z', 7, 0), ($1, '2026-03-02T00:00:00Z', 11, 2)`,
      [w.workspaceId],
    );
    const all = await health(w.token, '?from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z');
    expect(all).toMatchObject({ accepted: 23, rejected: { ...ZERO, quota: 3 } });
    expect(all.daily).toEqual([
      { date: '2026-03-01', accepted: 12, sampledOut: 0, rejected: 1 },
      { date: '2026-03-02', accepted: 11, sampledOut: 0, rejected: 2 },
    ]);
    // an hour counts when it starts in the window (from rounds down to its hour)
    expect((await health(w.token, '?from=2026-03-01T10:30:00Z&to=2026-03-01T23:00:00Z')).accepted).toBe(5);
  });
});

describe('across API processes', () => {
  let second: NestFastifyApplication;
  let http2: Http;
  beforeAll(async () => {
    second = await createApiApp(t.config);
    await second.listen({ port: 0, host: '127.0.0.1' });
    http2 = new Http(`http://127.0.0.1:${(second.getHttpServer().address() as { port: number }).port}`);
  });
  afterAll(async () => {
    await second?.close();
  });

  it('two processes add their counts into the same rows', async () => {
    const w = await workspace();
    const sends: Promise<{ status: number }>[] = [];
    for (let i = 0; i < 10; i++) {
      const http = i % 2 ? http2 : t.http;
      sends.push(http.post('/api/v1/ingest', { spans: [span(), span(), { name: 'bad' }] }, { token: w.key.key }));
    }
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(Array(10).fill(200));
    const h = await until(w.token, (x) => x.accepted === 20 && x.rejected.validation === 10);
    expect(h.accepted).toBe(20);
    const [{ rows }] = await t.sql<{ rows: number }>(`SELECT count(*)::int AS rows FROM ingest_health_hourly WHERE workspace_id = $1`, [
      w.workspaceId,
    ]);
    expect(rows).toBeLessThanOrEqual(2); // one row per hour (two if the test crossed an hour)
  });
});

describe('rate limited', () => {
  let rt: TestContext;
  beforeAll(async () => {
    rt = await createTestContext({ env: { INGEST_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await rt.close();
  });

  it('counts 429s of the ingest bucket', async () => {
    const w = await workspace(rt);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await ingest(rt, w.key.key, [span()])).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const h = await until(w.token, (x) => x.rejected.rateLimited === 2 && x.accepted === 2, rt);
    expect(h.lastErrors.map((e) => e.code)).toEqual(['rate_limited', 'rate_limited']);
  });
});
