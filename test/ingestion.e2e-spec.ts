import { keepTrace } from '../src/modules/ingestion/sampling';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp } from './support/factories';
import {
  at,
  countRows,
  ingest,
  ingestGzip,
  newSpanId,
  newTraceId,
  setTraceQuota,
  span,
  trace,
  isoUs,
  traceErrorEvents,
} from './ingestion.helpers';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

async function owner(): Promise<SignedUp & { key: string }> {
  const o = await signup(t);
  return { ...o, key: (await createApiKey(t, o.token, 'member')).key };
}

describe('POST /api/v1/ingest', () => {
  it('stores a batch with an API key: spans, trace summary, and the response shape', async () => {
    const o = await owner();
    const spans = trace(3);
    const res = await ingest(t, o.key, spans);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 4, errors: [] });
    expect(res.headers.get('ratelimit-limit')).toBe('100000');
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 4 });
    const got = await t.http.get(`/api/v1/traces/${spans[0].traceId}`, { token: o.token });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ traceId: spans[0].traceId, name: 'agent', status: 'ok', spanCount: 4, totalTokens: 45 });
    expect(got.body.totalCostUsd).toBeCloseTo(0.003, 9);
    expect(got.body.spans.map((s: any) => s.spanId)).toEqual(spans.map((s) => s.spanId));
    expect(got.body.spans[1]).toEqual({
      traceId: spans[1].traceId,
      spanId: spans[1].spanId,
      parentSpanId: spans[0].spanId,
      name: 'llm-0',
      kind: 'llm',
      startTime: spans[1].startTime,
      endTime: spans[1].endTime,
      status: 'ok',
      statusMessage: null,
      input: null,
      output: null,
      attributes: null,
      model: 'gpt-4o-mini',
      usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
      costUsd: 0.001,
    });
  });

  it('round-trips every field, upper-case ids and time zone offsets normalised', async () => {
    const o = await owner();
    const traceId = newTraceId().toUpperCase();
    const s = span({
      traceId,
      spanId: newSpanId().toUpperCase(),
      name: 'retrieve',
      kind: 'retrieval',
      status: 'error',
      statusMessage: 'timeout',
      startTime: '2026-01-01T00:00:00.123456+02:00',
      endTime: null,
      input: { q: 'hello', n: [1, 2, { deep: true }] },
      output: 'a string',
      attributes: { 'user.tier': 'pro', retries: 2 },
      model: null,
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 9 },
      costUsd: 0,
    });
    s.startTime = at(-3600_000).replace('Z', '+00:00');
    expect((await ingest(t, o.key, [s])).body).toEqual({ accepted: 1, errors: [] });
    const got = await t.http.get(`/api/v1/traces/${traceId}`, { token: o.key });
    expect(got.status).toBe(200);
    expect(got.body.traceId).toBe(traceId.toLowerCase());
    expect(got.body.spans[0]).toMatchObject({
      spanId: s.spanId.toLowerCase(),
      parentSpanId: null,
      kind: 'retrieval',
      status: 'error',
      statusMessage: 'timeout',
      endTime: null,
      startTime: isoUs(Date.parse(s.startTime)),
      input: s.input,
      output: 'a string',
      attributes: s.attributes,
      usage: { inputTokens: 3, outputTokens: 4, totalTokens: 9 },
      costUsd: 0,
    });
    expect(got.body).toMatchObject({ status: 'error', endTime: null, durationMs: null, totalTokens: 9 });
  });

  it('keeps microseconds end to end: siblings a few µs apart stay in order, durations have a fraction (across both write paths)', async () => {
    const o = await owner();
    const t0 = Date.now() - 60_000;
    const root = span({ name: 'root', kind: 'agent', startTime: isoUs(t0, 0), endTime: isoUs(t0 + 2, 501) });
    const kid = (n: number, us: number) =>
      span({
        traceId: root.traceId,
        parentSpanId: root.spanId,
        name: `k${n}`,
        kind: 'embedding',
        startTime: isoUs(t0, us),
        endTime: isoUs(t0, us + 1),
      });
    // 9 fraction digits are accepted; digits past the microsecond are dropped
    const precise = { ...kid(9, 0), startTime: `${new Date(t0).toISOString().slice(0, -1)}004999Z`, endTime: isoUs(t0, 6) }; // starts at t0 + 4 µs
    const kids = [kid(3, 7), kid(1, 3), kid(2, 5)];
    expect((await ingest(t, o.key, [root, ...kids])).body).toEqual({ accepted: 4, errors: [] }); // COPY path (new trace)
    const later = [kid(5, 11), kid(4, 9)];
    expect((await ingest(t, o.key, [...later, precise])).body.accepted).toBe(3); // upsert path (existing trace)
    const got = (await t.http.get(`/api/v1/traces/${root.traceId}`, { token: o.key })).body;
    expect(got.spans.map((s: any) => s.name)).toEqual(['root', 'k1', 'k9', 'k2', 'k3', 'k4', 'k5']);
    expect(got.spans.map((s: any) => s.startTime)).toEqual([0, 3, 4, 5, 7, 9, 11].map((us) => isoUs(t0, us)));
    expect(got.spans[1]).toMatchObject({ kind: 'embedding', startTime: isoUs(t0, 3), endTime: isoUs(t0, 4) });
    expect(got).toMatchObject({ startTime: isoUs(t0, 0), endTime: isoUs(t0 + 2, 501), durationMs: 2.501 });
    const listed = (await t.http.get('/api/v1/traces', { token: o.key })).body.data.find((x: any) => x.traceId === root.traceId);
    expect(listed).toMatchObject({ startTime: isoUs(t0, 0), durationMs: 2.501 });
  });

  it('a trace cost is null when no span has one (unknown is not zero), and a sum once one does', async () => {
    const o = await owner();
    const [root, child] = trace(1);
    delete (child as { costUsd?: number }).costUsd;
    await ingest(t, o.key, [root, child]);
    const unknown = (await t.http.get(`/api/v1/traces/${root.traceId}`, { token: o.key })).body;
    expect(unknown.totalCostUsd).toBeNull();
    expect(unknown.spans.map((s: any) => s.costUsd)).toEqual([null, null]);
    await ingest(t, o.key, [{ ...child, costUsd: 0 }]);
    expect((await t.http.get(`/api/v1/traces/${root.traceId}`, { token: o.key })).body.totalCostUsd).toBe(0);
    await ingest(t, o.key, [{ ...root, costUsd: 0.25 }]);
    expect((await t.http.get(`/api/v1/traces/${root.traceId}`, { token: o.key })).body.totalCostUsd).toBeCloseTo(0.25, 9);
  });

  it('stores awkward text intact (tabs, newlines, backslashes, quotes, emoji) and cleans what Postgres cannot hold', async () => {
    const o = await owner();
    const awkward = 'tab\there\nnew line \\N back\\slash "quoted" \r 😀 \u00e9';
    const first = span({
      name: awkward,
      statusMessage: awkward,
      model: awkward,
      input: { text: awkward, nested: [awkward, { [awkward]: awkward }] },
      output: awkward,
      attributes: { [awkward]: awkward },
    });
    // the first span of a trace goes in through COPY, a later span of the same trace through INSERT … ON CONFLICT
    const second = { ...first, spanId: newSpanId(), parentSpanId: first.spanId };
    const broken = span({
      traceId: first.traceId,
      parentSpanId: first.spanId,
      name: 'nul\u0000 and \ud800 lone',
      input: { s: 'a\u0000b', t: '\udc00' },
    });
    expect((await ingest(t, o.key, [first])).body).toEqual({ accepted: 1, errors: [] });
    expect((await ingest(t, o.key, [second, broken])).body).toEqual({ accepted: 2, errors: [] });
    const got = (await t.http.get(`/api/v1/traces/${first.traceId}`, { token: o.key })).body;
    for (const s of got.spans.filter((x: any) => x.spanId !== broken.spanId)) {
      expect(s).toMatchObject({
        name: awkward,
        statusMessage: awkward,
        model: awkward,
        input: first.input,
        output: awkward,
        attributes: first.attributes,
      });
    }
    const cleaned = got.spans.find((x: any) => x.spanId === broken.spanId);
    expect(cleaned).toMatchObject({ name: 'nul\ufffd and \ufffd lone', input: { s: 'a\ufffdb', t: '\ufffd' } });
    expect(got.name).toBe(awkward);
  });

  it('stores the valid spans of a partial batch and reports each invalid one by index', async () => {
    const o = await owner();
    const good = trace(1);
    const traceId = newTraceId();
    const batch: unknown[] = [
      good[0],
      span({ traceId: 'xyz' }),
      { ...span({ traceId }), name: undefined },
      { ...span({ traceId }), extra: 1 },
      span({ traceId, kind: 'robot' }),
      span({ traceId, startTime: at(-1000), endTime: at(-5000) }),
      span({ traceId, startTime: at(-400 * 86400_000) }),
      span({ traceId, startTime: at(3 * 86400_000) }),
      span({ traceId, startTime: '2026-02-30T00:00:00Z' }),
      span({ traceId, usage: { inputTokens: -1 } }),
      span({ traceId, costUsd: -0.5 }),
      span({ traceId, name: 'x'.repeat(513) }),
      'not a span',
      span({ traceId, spanId: '0000000000000000' }),
      good[1],
    ];
    const res = await ingest(t, o.key, batch);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.errors.map((e: any) => [e.index, e.code])).toEqual([
      [1, 'validation_failed'],
      [2, 'validation_failed'],
      [3, 'validation_failed'],
      [4, 'validation_failed'],
      [5, 'validation_failed'],
      [6, 'timestamp_out_of_range'],
      [7, 'timestamp_out_of_range'],
      [8, 'validation_failed'],
      [9, 'validation_failed'],
      [10, 'validation_failed'],
      [11, 'validation_failed'],
      [12, 'validation_failed'],
      [13, 'validation_failed'],
    ]);
    expect(res.body.errors[0].message).toMatch(/traceId/);
    expect(res.body.errors[2].message).toMatch(/extra is not a known field/);
    for (const e of res.body.errors) expect(typeof e.message).toBe('string');
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 2 });
  });

  it('sending the same batch again changes no counts; a resent span updates the stored one', async () => {
    const o = await owner();
    const spans = trace(2);
    expect((await ingest(t, o.key, spans)).body.accepted).toBe(3);
    expect((await ingest(t, o.key, spans)).body.accepted).toBe(3);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 3 });
    const [usage] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [o.workspaceId]);
    expect(Number(usage.traces)).toBe(1);

    const updated = { ...spans[2], status: 'error', statusMessage: 'boom', output: { late: true } };
    expect((await ingest(t, o.key, [updated])).body).toEqual({ accepted: 1, errors: [] });
    const got = await t.http.get(`/api/v1/traces/${spans[0].traceId}`, { token: o.key });
    expect(got.body).toMatchObject({ spanCount: 3, status: 'error' });
    expect(got.body.spans.find((s: any) => s.spanId === spans[2].spanId)).toMatchObject({
      status: 'error',
      statusMessage: 'boom',
      output: { late: true },
    });
  });

  it('the same span twice in one batch is stored once, the later copy winning', async () => {
    const o = await owner();
    const s = span();
    const res = await ingest(t, o.key, [s, { ...s, name: 'second' }]);
    expect(res.body).toEqual({ accepted: 2, errors: [] });
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 1 });
    const got = await t.http.get(`/api/v1/traces/${s.traceId}`, { token: o.key });
    expect(got.body.spans[0].name).toBe('second');
  });

  it('refuses more than 1000 spans (400) and stores nothing; 1000 is fine', async () => {
    const o = await owner();
    const traceId = newTraceId();
    const many = Array.from({ length: 1001 }, () => span({ traceId }));
    const res = await ingest(t, o.key, many);
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'spans' })]);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 0, spans: 0 });
    expect((await ingest(t, o.key, many.slice(0, 1000))).body).toEqual({ accepted: 1000, errors: [] });
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 1000 });
  });

  it('validates the envelope: a JSON object with only `spans`, an array', async () => {
    const o = await owner();
    for (const body of [{}, { spans: 'x' }, { spans: [], extra: true }, [], 'text']) {
      expectProblem(await t.http.post('/api/v1/ingest', body, { token: o.key }), 400, 'validation_failed');
    }
    expect((await ingest(t, o.key, [])).body).toEqual({ accepted: 0, errors: [] });
    const bad = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: o.key,
      raw: '{"spans": [',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(bad, 400, 'validation_failed');
    const xml = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: o.key,
      raw: '<spans/>',
      headers: { 'content-type': 'application/xml' },
    });
    expectProblem(xml, 415, 'unsupported_media_type');
  });

  it('accepts bodies up to 5 MB (above the global 1 MB JSON limit) and answers 413 beyond', async () => {
    const o = await owner();
    const traceId = newTraceId();
    const big = Array.from({ length: 4 }, () => span({ traceId, input: 'x'.repeat(1024 * 1024) }));
    const ok = await ingest(t, o.key, big);
    expect(ok.status).toBe(200);
    expect(ok.body.accepted).toBe(4);
    const tooBig = Array.from({ length: 6 }, () => span({ traceId, input: 'x'.repeat(1024 * 1024) }));
    const res = await ingest(t, o.key, tooBig);
    expectProblem(res, 413, 'payload_too_large');
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 4 });
  });

  it('stores each batch of concurrent requests from its own bytes (bodies are read into memory reused from request to request)', async () => {
    const o = await owner();
    // bodies of different sizes in flight together, plain and gzip: a buffer handed back too early would mix them up
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 5 + 7 * b }, (_, i) =>
        span({ input: { batch: b, i, text: `${b}:${i}:`.repeat(40 + b * 30) }, attributes: { b } }),
      ),
    );
    const results = await Promise.all(
      batches.map((spans, b) => (b % 3 === 2 ? ingestGzip(t, o.key, JSON.stringify({ spans })) : ingest(t, o.key, spans))),
    );
    expect(results.map((r) => [r.status, r.body.accepted])).toEqual(batches.map((s) => [200, s.length]));
    const rows = await t.sql<{ span_id: string; input: unknown; attributes: unknown }>(
      'SELECT span_id, input, attributes FROM spans WHERE workspace_id = $1',
      [o.workspaceId],
    );
    const stored = new Map(rows.map((r) => [r.span_id, r]));
    const sent = batches.flat();
    expect(stored.size).toBe(sent.length);
    for (const s of sent) expect([stored.get(s.spanId)?.input, stored.get(s.spanId)?.attributes]).toEqual([s.input, s.attributes]);
  });

  it('accepts gzip bodies; 413 when the decompressed body passes 5 MB; 400 for broken gzip; 415 for other encodings', async () => {
    const o = await owner();
    const spans = trace(2);
    const res = await ingestGzip(t, o.key, JSON.stringify({ spans }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ accepted: 3, errors: [] });
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 3 });

    // 6 MB of JSON that compresses to a few KB (a small "zip bomb")
    const bomb = JSON.stringify({ spans: [span({ input: 'a'.repeat(6 * 1024 * 1024) })] });
    const big = await ingestGzip(t, o.key, bomb);
    expectProblem(big, 413, 'payload_too_large');

    const broken = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: o.key,
      raw: Buffer.from('definitely not gzip'),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expectProblem(broken, 400, 'validation_failed');
    const br = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: o.key,
      raw: JSON.stringify({ spans: [] }),
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
    });
    expectProblem(br, 415, 'unsupported_media_type');
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 3 });
  });

  it('counts each new trace once toward the quota; over it the whole batch is 402 and nothing is stored', async () => {
    const o = await owner();
    await setTraceQuota(t, o.workspaceId, 3);
    const a = trace(1);
    const b = trace(1);
    expect((await ingest(t, o.key, [...a, ...b])).body.accepted).toBe(4);
    // one existing trace's span plus two new traces: 2 + 2 > 3
    const late = span({ traceId: a[0].traceId, parentSpanId: a[0].spanId, name: 'late' });
    const res = await ingest(t, o.key, [late, ...trace(1), ...trace(1)]);
    expectProblem(res, 402, 'plan_limit_exceeded');
    expect(res.body.detail).toMatch(/3/);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 4 });
    const [usage] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [o.workspaceId]);
    expect(Number(usage.traces)).toBe(2);

    // exactly reaching the quota is fine; then spans of counted traces are still accepted
    expect((await ingest(t, o.key, [late, ...trace(1)])).body.accepted).toBe(3);
    expectProblem(await ingest(t, o.key, trace(0)), 402, 'plan_limit_exceeded');
    const more = span({ traceId: b[0].traceId, parentSpanId: b[0].spanId });
    expect((await ingest(t, o.key, [more])).body).toEqual({ accepted: 1, errors: [] });
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 3, spans: 8 });
  });

  it('a member (token or key) may ingest; a viewer (token or key) may read traces but not ingest (403); no credential is 401', async () => {
    const o = await owner();
    const member = await addMember(t, o, 'member');
    const viewer = await addMember(t, o, 'viewer');
    const viewerKey = await createApiKey(t, o.token, 'viewer');
    const spans = trace(1);
    expect((await ingest(t, member.token, spans)).status).toBe(200);
    for (const token of [viewer.token, viewerKey.key]) {
      expectProblem(await ingest(t, token, trace(1)), 403, 'forbidden');
      expect((await t.http.get('/api/v1/traces', { token })).body.data).toHaveLength(1);
      expect((await t.http.get(`/api/v1/traces/${spans[0].traceId}`, { token })).status).toBe(200);
    }
    expectProblem(await t.http.post('/api/v1/ingest', { spans: trace(1) }), 401, 'unauthenticated');
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 2 });
  });

  it('keeps the trace summary right when spans arrive out of order, across batches', async () => {
    const o = await owner();
    const traceId = newTraceId();
    const t0 = Date.now() - 600_000;
    const iso = (ms: number) => isoUs(t0 + ms);
    const root = span({ traceId, name: 'root-agent', kind: 'agent', startTime: iso(0), endTime: iso(9000), status: 'ok' });
    const child = (name: string, start: number, end: number, over = {}) =>
      span({
        traceId,
        parentSpanId: root.spanId,
        name,
        kind: 'llm',
        startTime: iso(start),
        endTime: iso(end),
        usage: { inputTokens: 100, outputTokens: 10 },
        costUsd: 0.5,
        ...over,
      });
    const c1 = child('c1', 1000, 2000);
    const c2 = child('c2', 3000, 12_000, { status: 'error', statusMessage: 'tool failed' });
    const c3 = child('c3', 5000, 6000);

    // children first, the last one before the middle one, the root last
    await ingest(t, o.key, [c3]);
    let got = (await t.http.get(`/api/v1/traces/${traceId}`, { token: o.key })).body;
    expect(got).toMatchObject({ name: 'c3', spanCount: 1, status: 'ok', startTime: iso(5000), endTime: iso(6000), totalTokens: 110 });
    await ingest(t, o.key, [c2, c1]);
    await ingest(t, o.key, [root]);
    got = (await t.http.get(`/api/v1/traces/${traceId}`, { token: o.key })).body;
    expect(got).toMatchObject({
      traceId,
      name: 'root-agent',
      status: 'error',
      spanCount: 4,
      startTime: iso(0),
      endTime: iso(12_000),
      durationMs: 12_000,
      totalTokens: 330,
    });
    expect(got.totalCostUsd).toBeCloseTo(1.5, 9);
    expect(got.spans.map((s: any) => s.name)).toEqual(['root-agent', 'c1', 'c2', 'c3']);
    const list = await t.http.get('/api/v1/traces', { token: o.key });
    expect(list.body.data).toEqual([
      {
        traceId,
        name: 'root-agent',
        kind: 'agent',
        models: [],
        startTime: iso(0),
        endTime: iso(12_000),
        durationMs: 12_000,
        status: 'error',
        spanCount: 4,
        totalTokens: 330,
        totalCostUsd: 1.5,
      },
    ]);
    // the failing span is fixed later: the trace is no longer in error
    await ingest(t, o.key, [{ ...c2, status: 'ok', statusMessage: null, endTime: iso(4000) }]);
    got = (await t.http.get(`/api/v1/traces/${traceId}`, { token: o.key })).body;
    expect(got).toMatchObject({ status: 'ok', endTime: iso(9000), spanCount: 4 });
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 4 });
  });

  it('concurrent batches with spans of the same new traces: no duplicates, each trace counted once, summaries complete', async () => {
    const o = await owner();
    const traces = Array.from({ length: 3 }, () => newTraceId());
    const t0 = Date.now() - 300_000;
    // 8 batches sent at once, each with one span of every trace (and one span repeated across batches)
    const shared = traces.map((traceId) => span({ traceId, name: 'shared', startTime: isoUs(t0 - 1000), endTime: isoUs(t0) }));
    const batches = Array.from({ length: 8 }, (_, b) => [
      ...traces.map((traceId, i) =>
        span({
          traceId,
          name: `b${b}`,
          startTime: isoUs(t0 + b * 1000 + i),
          endTime: isoUs(t0 + b * 1000 + 500),
          usage: { inputTokens: 1, outputTokens: 1 },
          status: b === 5 ? 'error' : 'ok',
        }),
      ),
      ...shared,
    ]);
    const results = await Promise.all(batches.map((b) => ingest(t, o.key, b)));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 3, spans: 3 * 9 });
    const [usage] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [o.workspaceId]);
    expect(Number(usage.traces)).toBe(3);
    for (const traceId of traces) {
      const got = (await t.http.get(`/api/v1/traces/${traceId}`, { token: o.key })).body;
      expect(got).toMatchObject({
        spanCount: 9,
        totalTokens: 16,
        status: 'error',
        startTime: isoUs(t0 - 1000),
        endTime: isoUs(t0 + 7500),
      });
    }
    expect(await traceErrorEvents(t, o.workspaceId)).toHaveLength(3);
  });

  it('samples new traces deterministically by traceId; dropped ones count as accepted, not toward the quota', async () => {
    const o = await owner();
    expect((await t.http.put('/api/v1/workspace', { settings: { samplingRate: 0.5 } }, { token: o.token })).status).toBe(200);
    const traces = Array.from({ length: 60 }, () => trace(1));
    const res = await ingest(t, o.key, traces.flat());
    expect(res.body).toEqual({ accepted: 120, errors: [] });
    const kept = traces
      .filter((tr) => keepTrace(tr[0].traceId, 0.5))
      .map((tr) => tr[0].traceId)
      .sort();
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.length).toBeLessThan(50);
    const stored = await t.sql<{ id: string }>(
      `SELECT replace(trace_id::text, '-', '') AS id FROM traces WHERE workspace_id = $1 ORDER BY 1`,
      [o.workspaceId],
    );
    expect(stored.map((r) => r.id)).toEqual(kept);
    const [usage] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [o.workspaceId]);
    expect(Number(usage.traces)).toBe(kept.length);
    // the same decision on every later batch
    await ingest(
      t,
      o.key,
      traces.map((tr) => span({ traceId: tr[0].traceId, parentSpanId: tr[0].spanId })),
    );
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: kept.length, spans: kept.length * 3 });
    // a trace already stored keeps all its spans even when sampling would now drop it
    await t.http.put('/api/v1/workspace', { settings: { samplingRate: 0 } }, { token: o.token });
    expect((await ingest(t, o.key, [span({ traceId: kept[0] }), ...trace(1)])).body.accepted).toBe(3);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: kept.length, spans: kept.length * 3 + 1 });
  });

  it('masks e-mails, phone and card numbers and secrets in input/output when piiMasking is on', async () => {
    const o = await owner();
    const input = {
      prompt: 'Mail ada@example.com or call +1 (555) 123-4567 about card 4111 1111 1111 1111 by 2026-01-31',
      headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz', password: 'hunter2' },
      key: 'use sk-proj-abcdefghijklmnopqrstuvwx1234 please',
      count: 4111111111111111,
    };
    const output = 'reply to bob@corp.io, order 12345';
    const plain = span({ input, output });
    await ingest(t, o.key, [plain]);
    const stored = (await t.http.get(`/api/v1/traces/${plain.traceId}`, { token: o.key })).body.spans[0];
    expect(stored.input).toEqual(input);

    await t.http.put('/api/v1/workspace', { settings: { piiMasking: true } }, { token: o.token });
    const masked = span({ input, output, attributes: { email: 'keep@example.com' } });
    await ingest(t, o.key, [masked]);
    const got = (await t.http.get(`/api/v1/traces/${masked.traceId}`, { token: o.key })).body.spans[0];
    expect(got.input).toEqual({
      prompt: 'Mail [redacted] or call [redacted] about card [redacted] by 2026-01-31',
      headers: { authorization: '[redacted]', password: '[redacted]' },
      key: 'use [redacted] please',
      count: 4111111111111111,
    });
    expect(got.output).toBe('reply to [redacted], order 12345');
    expect(got.attributes).toEqual({ email: 'keep@example.com' });
    const raw = await t.sql<{ input: string }>('SELECT input::text FROM spans WHERE span_id = $1', [masked.spanId]);
    expect(raw[0].input).not.toMatch(/ada@example|hunter2|4111 1111|sk-proj/);
  });

  it('records one trace.error event per trace, through the outbox, the first time it gets an error span', async () => {
    const o = await owner();
    const events = () => traceErrorEvents(t, o.workspaceId);
    const spans = trace(2);
    await ingest(t, o.key, spans);
    expect(await events()).toHaveLength(0);
    const failing = span({
      traceId: spans[0].traceId,
      parentSpanId: spans[0].spanId,
      name: 'search',
      status: 'error',
      statusMessage: 'HTTP 500',
    });
    const failing2 = span({
      traceId: spans[0].traceId,
      parentSpanId: spans[0].spanId,
      name: 'later',
      status: 'error',
      startTime: at(-1000),
    });
    await ingest(t, o.key, [failing, failing2]);
    await ingest(t, o.key, [span({ traceId: spans[0].traceId, status: 'error' })]);
    await ingest(t, o.key, [failing]);
    const list = await events();
    expect(list).toHaveLength(1);
    expect(list[0].payload.event).toMatchObject({
      type: 'trace.error',
      workspaceId: o.workspaceId,
      data: { traceId: spans[0].traceId, spanId: failing.spanId, name: 'search', statusMessage: 'HTTP 500', startTime: failing.startTime },
    });
    // a new trace that arrives already failing: one event too
    const other = trace(1);
    other[1].status = 'error';
    await ingest(t, o.key, other);
    await ingest(t, o.key, other);
    expect(await events()).toHaveLength(2);
  });

  it('replays with the same Idempotency-Key', async () => {
    const o = await owner();
    const spans = trace(1);
    const first = await ingest(t, o.key, spans, { 'idempotency-key': 'batch-1' });
    const again = await ingest(t, o.key, spans, { 'idempotency-key': 'batch-1' });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});

describe('OpenAPI', () => {
  it('documents ingestion and traces with full schemas, named enums and every error response', async () => {
    const doc = (await t.http.get('/docs/openapi.json')).body;
    const ingestOp = doc.paths['/api/v1/ingest'].post;
    expect(ingestOp.operationId).toBe('ingestSpans');
    expect(ingestOp.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/IngestRequestDto');
    expect(Object.keys(ingestOp.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '402', '403', '413', '415', '429']));
    expect(ingestOp.responses['413'].content['application/problem+json']).toBeDefined();
    const schemas = doc.components.schemas;
    expect(schemas.IngestSpanDto.required.sort()).toEqual(['kind', 'name', 'spanId', 'startTime', 'traceId']);
    expect(schemas.SpanKind.enum).toEqual([
      'agent',
      'llm',
      'tool',
      'retrieval',
      'embedding',
      'reranker',
      'guardrail',
      'evaluator',
      'chain',
      'other',
    ]);
    expect(schemas.SpanStatus.enum).toEqual(['ok', 'error', 'unset']);
    expect(schemas.IngestErrorCode.enum).toEqual(['validation_failed', 'timestamp_out_of_range']);
    expect(Object.keys(schemas.SpanDto.properties).sort()).toEqual(
      [
        'attributes',
        'costUsd',
        'endTime',
        'input',
        'kind',
        'model',
        'name',
        'output',
        'parentSpanId',
        'spanId',
        'startTime',
        'status',
        'statusMessage',
        'traceId',
        'usage',
      ].sort(),
    );
    expect(Object.keys(schemas.TraceSummaryDto.properties).sort()).toEqual([
      'durationMs',
      'endTime',
      'kind',
      'models',
      'name',
      'spanCount',
      'startTime',
      'status',
      'totalCostUsd',
      'totalTokens',
      'traceId',
    ]);
    expect(schemas.TracePage.properties.data.items.$ref).toBe('#/components/schemas/TraceSummaryDto');
    expect(doc.paths['/api/v1/traces'].get.parameters.map((p: any) => p.name).sort()).toEqual([
      'cursor',
      'from',
      'kind',
      'limit',
      'minCostUsd',
      'minDurationMs',
      'model',
      'name',
      'status',
      'to',
    ]);
    expect(doc.paths['/api/v1/traces/{traceId}'].get.responses['404']).toBeDefined();
  });
});

describe('ingest rate limit', () => {
  let limited: TestContext;
  beforeAll(async () => {
    limited = await createTestContext({ env: { INGEST_RATE_LIMIT_PER_MINUTE: '2', RATE_LIMIT_PER_MINUTE: '50' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('has its own bucket (INGEST_RATE_LIMIT_PER_MINUTE), separate from the API one', async () => {
    const o = await signup(limited);
    const key = (await createApiKey(limited, o.token, 'member')).key;
    const first = await ingest(limited, key, trace(0));
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('2');
    expect((await ingest(limited, key, trace(0))).status).toBe(200);
    const third = await ingest(limited, key, trace(0));
    expectProblem(third, 429, 'rate_limited');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await limited.http.get('/api/v1/workspace', { token: key });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-limit')).toBe('50');
  });
});
