import { JobName } from '../src/common/queue/queues';
import { JOB_HANDLER } from '../src/common/queue/job-handler';
import { IngestionProcessor } from '../src/modules/ingestion/ingestion.processor';
import { monthOf } from '../src/modules/ingestion/storage/postgres/partitions';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup } from './support/factories';
import { countRows, ingest, newSpanId, newTraceId, span, trace, isoUs } from './ingestion.helpers';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const DAY = 86400_000;

async function workspaceWithKey() {
  const o = await signup(t);
  return { ...o, key: (await createApiKey(t, o.token, 'member')).key };
}

/** One single-span trace started `ago` ms ago, with a status. */
function oneSpanTrace(ago: number, status = 'ok') {
  const start = Date.now() - ago;
  return span({ startTime: isoUs(start), endTime: isoUs(start + 100), status });
}

describe('GET /api/v1/traces', () => {
  it('lists newest first with an opaque cursor, filters by status and time, validates the query', async () => {
    const o = await workspaceWithKey();
    const spans = Array.from({ length: 7 }, (_, i) => oneSpanTrace((i + 1) * 60_000, i % 3 === 0 ? 'error' : 'ok'));
    // same start time for two traces: the trace id breaks the tie, no trace is skipped or repeated
    spans.push({ ...oneSpanTrace(0), startTime: spans[2].startTime, endTime: spans[2].endTime });
    expect((await ingest(t, o.key, spans)).body.accepted).toBe(8);

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.http.get(`/api/v1/traces?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: o.token });
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((r) => r.traceId)).size).toBe(8);
    const order = seen.map((r) => [r.startTime, r.traceId]);
    const sorted = [...order].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? 1 : -1) : a[0] < b[0] ? 1 : -1));
    expect(order).toEqual(sorted);
    expect(seen[0]).toEqual({
      traceId: spans[0].traceId,
      name: 'step',
      kind: 'tool',
      startTime: spans[0].startTime,
      endTime: spans[0].endTime,
      durationMs: 100,
      status: 'error',
      spanCount: 1,
      totalTokens: 0,
      totalCostUsd: null, // no span has a cost: unknown, not zero
      models: [],
    });

    const errors = await t.http.get('/api/v1/traces?status=error', { token: o.token });
    expect(errors.body.data.map((r: any) => r.traceId).sort()).toEqual([spans[0], spans[3], spans[6]].map((s) => s.traceId).sort());
    const from = spans[4].startTime;
    const to = spans[1].startTime;
    const window = await t.http.get(`/api/v1/traces?from=${from}&to=${to}`, { token: o.token });
    expect(window.body.data.map((r: any) => r.traceId)).toEqual(
      seen.filter((r) => r.startTime >= from && r.startTime < to).map((r) => r.traceId),
    );
    expect(window.body.data).toHaveLength(4);
    const both = await t.http.get(`/api/v1/traces?status=ok&from=${from}`, { token: o.token });
    expect(both.body.data.every((r: any) => r.status === 'ok' && r.startTime >= from)).toBe(true);

    for (const q of [
      'limit=0',
      'limit=101',
      'status=failed',
      'from=yesterday',
      'to=2026-13-01',
      'from=2026-02-01&to=2026-01-01',
      'cursor=%%%',
      `cursor=${Buffer.from(JSON.stringify(['x', 'y'])).toString('base64url')}`,
      'workspaceId=x',
    ]) {
      expectProblem(await t.http.get(`/api/v1/traces?${q}`, { token: o.token }), 400, 'validation_failed');
    }
  });

  it('filters by name, kind, model, minimum duration and cost, combined with status and time, across cursor pages', async () => {
    const o = await workspaceWithKey();
    const base = Date.now() - 3600_000;
    const mk = (i: number, name: string, kind: string, durationMs: number, model: string | null, costUsd: number | null, status = 'ok') => {
      const traceId = newTraceId();
      const rootId = newSpanId();
      const start = base + i * 60_000;
      return [
        span({ traceId, spanId: rootId, name, kind, startTime: isoUs(start), endTime: isoUs(start + durationMs), status }),
        span({
          traceId,
          parentSpanId: rootId,
          name: 'call',
          kind: 'llm',
          startTime: isoUs(start + 1),
          endTime: isoUs(start + 2),
          ...(model ? { model } : {}),
          costUsd,
        }),
      ];
    };
    const traces = [
      mk(0, 'Checkout agent', 'agent', 5000, 'gpt-4o', 0.5),
      mk(1, 'checkout_50%_off', 'chain', 200, 'claude-3', 0.01, 'error'),
      mk(2, 'search', 'agent', 12_000, 'gpt-4o', null),
      mk(3, 'CHECKOUT retry', 'agent', 900, null, 2),
      mk(4, 'refund', 'tool', 3000, 'claude-3', 1, 'error'),
    ];
    expect((await ingest(t, o.key, traces.flat())).body.accepted).toBe(10);
    const ids = (...i: number[]) => i.map((n) => traces[n][0].traceId);
    const get = async (q: string) => {
      const res = await t.http.get(`/api/v1/traces?${q}`, { token: o.token });
      expect(res.status).toBe(200);
      return res.body.data.map((r: any) => r.traceId);
    };
    // newest first
    expect(await get('name=checkout')).toEqual(ids(3, 1, 0));
    expect(await get('name=50%25_')).toEqual(ids(1)); // % and _ are literal characters
    expect(await get('name=')).toHaveLength(5);
    expect(await get('kind=agent')).toEqual(ids(3, 2, 0));
    expect(await get('kind=llm')).toEqual([]); // the root's kind, not any span's
    expect(await get('model=claude-3')).toEqual(ids(4, 1));
    expect(await get('model=Claude-3')).toEqual([]); // exact
    expect(await get('minDurationMs=3000')).toEqual(ids(4, 2, 0));
    expect(await get('minDurationMs=899.5')).toEqual(ids(4, 3, 2, 0));
    expect(await get('minCostUsd=1')).toEqual(ids(4, 3));
    expect(await get('minCostUsd=0')).toEqual(ids(4, 3, 1, 0)); // unknown cost is not zero
    expect(await get('name=checkout&status=error')).toEqual(ids(1));
    expect(await get(`kind=agent&model=gpt-4o&minDurationMs=6000`)).toEqual(ids(2));
    expect(await get(`minCostUsd=0.01&from=${traces[1][0].startTime}&to=${traces[4][0].startTime}`)).toEqual(ids(3, 1));
    const listed = (await t.http.get('/api/v1/traces?limit=5', { token: o.token })).body.data;
    expect(listed[0]).toMatchObject({ name: 'refund', kind: 'tool', models: ['claude-3'], totalCostUsd: 1 });
    expect(listed.find((r: any) => r.name === 'CHECKOUT retry').models).toEqual([]);
    // the cursor pages through a filtered list without skipping or repeating
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t.http.get(`/api/v1/traces?limit=1&minCostUsd=0${cursor ? `&cursor=${cursor}` : ''}`, { token: o.token });
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((r: any) => r.traceId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids(4, 3, 1, 0));

    for (const q of [
      'kind=robot',
      'kind=AGENT',
      'minDurationMs=-1',
      'minDurationMs=abc',
      'minDurationMs=Infinity',
      'minCostUsd=-0.5',
      'minCostUsd=1e12',
      'minCostUsd=cheap',
      `name=${'x'.repeat(513)}`,
      `model=${'m'.repeat(257)}`,
      'name=a%00b',
      'models=gpt-4o',
    ]) {
      expectProblem(await t.http.get(`/api/v1/traces?${q}`, { token: o.token }), 400, 'validation_failed');
    }
  });

  it('uses the kind index for ?kind= in list order (model and name: GIN indexes, timed by bench/trace-store.ts)', async () => {
    const o = await workspaceWithKey();
    await t.sql('SET enable_seqscan = off');
    try {
      const plan = await t.sql<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT trace_id FROM traces WHERE workspace_id = $1 AND kind = 'chain' ORDER BY start_time DESC, trace_id DESC LIMIT 21`,
        [o.workspaceId],
      );
      expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index (Only )?Scan using ix_traces_kind_recent/);
    } finally {
      await t.sql('RESET enable_seqscan');
    }
  });

  it('uses the index for the list (no scan of the whole table)', async () => {
    const o = await workspaceWithKey();
    // the tables are tiny here, so tell the planner a sequential scan is not an option: an index must serve the query
    await t.sql('SET enable_seqscan = off');
    const plan = await t.sql<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT trace_id FROM traces WHERE workspace_id = $1 AND status = 'error' AND (start_time, trace_id) < (now(), gen_random_uuid())
        ORDER BY start_time DESC, trace_id DESC LIMIT 21`,
      [o.workspaceId],
    );
    await t.sql('RESET enable_seqscan');
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).not.toMatch(/Sort/);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index (Only )?Scan using ix_traces_status_recent/);
  });

  it("shows only the caller's workspace; another workspace's trace is 404", async () => {
    const a = await workspaceWithKey();
    const b = await workspaceWithKey();
    const mine = trace(1);
    const theirs = trace(1);
    await ingest(t, a.key, mine);
    await ingest(t, b.key, theirs);
    expect((await t.http.get('/api/v1/traces', { token: a.key })).body.data.map((r: any) => r.traceId)).toEqual([mine[0].traceId]);
    expectProblem(await t.http.get(`/api/v1/traces/${theirs[0].traceId}`, { token: a.key }), 404, 'not_found');
    expect((await t.http.get(`/api/v1/traces/${theirs[0].traceId}`, { token: b.key })).status).toBe(200);
    // the same trace id sent by two workspaces is two traces
    await ingest(t, a.key, [span({ traceId: theirs[0].traceId, name: 'a-side' })]);
    expect((await t.http.get(`/api/v1/traces/${theirs[0].traceId}`, { token: a.key })).body.spans.map((s: any) => s.name)).toEqual([
      'a-side',
    ]);
    expect((await t.http.get(`/api/v1/traces/${theirs[0].traceId}`, { token: b.key })).body.spanCount).toBe(2);
  });

  it('GET /:traceId is 404 for an unknown or malformed id, accepts upper case, and needs a credential', async () => {
    const a = await workspaceWithKey();
    const spans = trace(1);
    await ingest(t, a.key, spans);
    expectProblem(await t.http.get(`/api/v1/traces/${newTraceId()}`, { token: a.token }), 404, 'not_found');
    expectProblem(await t.http.get('/api/v1/traces/not-a-trace-id', { token: a.token }), 404, 'not_found');
    expectProblem(await t.http.get(`/api/v1/traces/${'0'.repeat(33)}`, { token: a.token }), 404, 'not_found');
    expect((await t.http.get(`/api/v1/traces/${spans[0].traceId.toUpperCase()}`, { token: a.token })).body.traceId).toBe(spans[0].traceId);
    expectProblem(await t.http.get(`/api/v1/traces/${spans[0].traceId}`), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/traces'), 401, 'unauthenticated');
    const viewer = await addMember(t, a, 'viewer');
    expect((await t.http.get(`/api/v1/traces/${spans[0].traceId}`, { token: viewer.token })).status).toBe(200);
  });
});

describe('GET /api/v1/traces/stats', () => {
  it('counts traces, errors, duration percentiles, tokens and cost per bucket, every bucket of the range listed', async () => {
    const o = await workspaceWithKey();
    const hour = Math.floor(Date.now() / 3600_000) * 3600_000 - 3 * 3600_000;
    const mk = (offset: number, durationMs: number, status = 'ok', costUsd: number | null = null, model?: string) =>
      span({
        startTime: isoUs(hour + offset),
        endTime: isoUs(hour + offset + durationMs),
        status,
        costUsd,
        usage: { inputTokens: 2, outputTokens: 1 },
        ...(model ? { model } : {}),
      });
    await ingest(t, o.key, [mk(1000, 100), mk(2000, 200, 'error', 0.5, 'm-x'), mk(3000, 300), mk(4000, 400), mk(2 * 3600_000 + 10, 1000)]);
    const from = new Date(hour).toISOString();
    const to = new Date(hour + 3 * 3600_000).toISOString();
    const res = await t.http.get(`/api/v1/traces/stats?from=${from}&to=${to}`, { token: o.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: isoUs(hour), to: isoUs(hour + 3 * 3600_000), bucketSeconds: 60 });
    expect(res.body.buckets).toHaveLength(180);
    const hourly = await t.http.get(`/api/v1/traces/stats?from=${from}&to=${to}&bucket=hour`, { token: o.token });
    expect(hourly.body.bucketSeconds).toBe(3600);
    expect(hourly.body.buckets).toHaveLength(3);
    const [first, empty, last] = hourly.body.buckets;
    expect(first).toMatchObject({ start: isoUs(hour), traces: 4, errors: 1, totalTokens: 12, p50DurationMs: 250 });
    expect(first.p95DurationMs).toBeCloseTo(385, 6);
    expect(first.totalCostUsd).toBeCloseTo(0.5, 9);
    expect(empty).toEqual({
      start: isoUs(hour + 3600_000),
      traces: 0,
      errors: 0,
      p50DurationMs: null,
      p95DurationMs: null,
      totalTokens: 0,
      totalCostUsd: null,
    });
    expect(last).toMatchObject({ start: isoUs(hour + 2 * 3600_000), traces: 1, p50DurationMs: 1000, totalCostUsd: null });
    // the list's filters apply
    const errors = await t.http.get(`/api/v1/traces/stats?from=${from}&to=${to}&bucket=hour&status=error`, { token: o.token });
    expect(errors.body.buckets.map((b: any) => b.traces)).toEqual([1, 0, 0]);
    const model = await t.http.get(`/api/v1/traces/stats?from=${from}&to=${to}&bucket=day&model=m-x&minCostUsd=0.1`, { token: o.token });
    expect(model.body.bucketSeconds).toBe(86400);
    expect(model.body.buckets.reduce((n: number, b: any) => n + b.traces, 0)).toBe(1);
    const long = await t.http.get(`/api/v1/traces/stats?from=${from}&to=${to}&bucket=hour&minDurationMs=500&kind=tool&name=STEP`, {
      token: o.token,
    });
    expect(long.body.buckets.map((b: any) => b.traces)).toEqual([0, 0, 1]);
  });

  it('defaults to the last 24 hours in hourly buckets; picks minute, hour or day for at most 200 buckets', async () => {
    const o = await workspaceWithKey();
    const res = await t.http.get('/api/v1/traces/stats', { token: o.token });
    expect(res.status).toBe(200);
    expect(res.body.bucketSeconds).toBe(3600);
    expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(86400_000);
    expect(Math.abs(Date.parse(res.body.to) - Date.now())).toBeLessThan(60_000);
    expect([24, 25]).toContain(res.body.buckets.length);
    expect(res.body.buckets.every((b: any) => b.traces === 0)).toBe(true);
    const range = async (hours: number, bucket = '') => {
      const to = Date.UTC(2026, 10, 1);
      const r = await t.http.get(
        `/api/v1/traces/stats?from=${new Date(to - hours * 3600_000).toISOString()}&to=${new Date(to).toISOString()}${bucket}`,
        {
          token: o.token,
        },
      );
      return r.status === 200 ? [r.body.bucketSeconds, r.body.buckets.length] : r.status;
    };
    expect(await range(3)).toEqual([60, 180]);
    expect(await range(4)).toEqual([3600, 4]);
    expect(await range(24 * 31)).toEqual([86400, 31]);
    expect(await range(24 * 30, '&bucket=hour')).toEqual([3600, 720]);
    expect(await range(24, '&bucket=minute')).toEqual([60, 1440]);
    // only `from`: up to now; only `to`: the 24 hours before it
    const since = new Date(Date.now() - 2 * 3600_000).toISOString();
    expect((await t.http.get(`/api/v1/traces/stats?from=${since}`, { token: o.token })).body.bucketSeconds).toBe(60);
    const before = await t.http.get('/api/v1/traces/stats?to=2026-11-01T00:00:00Z', { token: o.token });
    expect(before.body).toMatchObject({ from: '2026-10-31T00:00:00.000000Z', to: '2026-11-01T00:00:00.000000Z', bucketSeconds: 3600 });
  });

  it('refuses a bad query with 400: range over 31 days, too many buckets, empty range, bad values', async () => {
    const o = await workspaceWithKey();
    const to = Date.UTC(2026, 10, 1);
    const iso = (ms: number) => new Date(ms).toISOString();
    for (const q of [
      `from=${iso(to - 31 * DAY - 1000)}&to=${iso(to)}`,
      `from=${iso(to - 25 * 3600_000)}&to=${iso(to)}&bucket=minute`,
      `from=${iso(to - 62 * DAY)}&to=${iso(to)}&bucket=hour`,
      `from=${iso(to)}&to=${iso(to)}`,
      `from=${iso(to)}&to=${iso(to - 1000)}`,
      'bucket=week',
      'bucket=',
      'from=yesterday',
      'kind=robot',
      'minDurationMs=-5',
      'minCostUsd=x',
      'limit=10',
      'cursor=abc',
    ]) {
      const res = await t.http.get(`/api/v1/traces/stats?${q}`, { token: o.token });
      expectProblem(res, 400, 'validation_failed');
    }
    expectProblem(await t.http.get('/api/v1/traces/stats'), 401, 'unauthenticated');
    const viewer = await addMember(t, o, 'viewer');
    expect((await t.http.get('/api/v1/traces/stats', { token: viewer.token })).status).toBe(200);
  });
});

describe('trace storage jobs', () => {
  const processor = () => t.app.get(IngestionProcessor);
  const partitions = async () =>
    (
      await t.sql<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'spans'::regclass ORDER BY 1`,
      )
    ).map((r) => r.name);

  it('both jobs have their worker handlers', () => {
    expect(Reflect.getMetadata(JOB_HANDLER, IngestionProcessor.prototype.createPartitions)).toBe(JobName.CreateSpanPartitions);
    expect(Reflect.getMetadata(JOB_HANDLER, IngestionProcessor.prototype.applyRetention)).toBe(JobName.ApplyTraceRetention);
  });

  it("creates this month's partition and the next two, idempotently", async () => {
    await t.sql(`DROP TABLE IF EXISTS ${monthOf(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() + 2, 1)).name}`);
    const first = await processor().createPartitions();
    expect(first.created).toHaveLength(1);
    expect((await processor().createPartitions()).created).toEqual([]);
    const now = new Date();
    for (let i = 0; i < 3; i++) {
      expect(await partitions()).toContain(monthOf(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 15)).name);
    }
  });

  it('creates a missing partition on demand: a span far in the past never fails', async () => {
    const o = await workspaceWithKey();
    const old = oneSpanTrace(200 * DAY);
    const name = monthOf(Date.parse(old.startTime)).name;
    expect(await partitions()).not.toContain(name);
    expect((await ingest(t, o.key, [old])).body).toEqual({ accepted: 1, errors: [] });
    expect(await partitions()).toContain(name);
    // another process's retention drops it behind this API process's back: the next write recreates it
    await t.sql(`DROP TABLE ${name}`);
    expect((await ingest(t, o.key, [oneSpanTrace(200 * DAY)])).body).toEqual({ accepted: 1, errors: [] });
    expect(await partitions()).toContain(name);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 1 });
  });

  it('deletes traces past min(plan, workspace) retention, keeps the rest, and drops partitions no workspace needs', async () => {
    await t.sql('DELETE FROM spans; DELETE FROM traces');
    const free = await workspaceWithKey(); // free plan: 14 days; workspace default 30 → 14
    const short = await workspaceWithKey(); // workspace setting 3 days
    const enterprise = await workspaceWithKey(); // 365 days, setting 200 → 200
    await t.http.put('/api/v1/workspace', { settings: { retentionDays: 3 } }, { token: short.token });
    await t.sql(`INSERT INTO billing_config (workspace_id, plan) VALUES ($1, 'enterprise')`, [enterprise.workspaceId]);
    await t.http.put('/api/v1/workspace', { settings: { retentionDays: 200 } }, { token: enterprise.token });

    const ages = [1, 5, 20, 100, 250].map((d) => d * DAY);
    const sent = new Map<string, ReturnType<typeof oneSpanTrace>[]>();
    for (const w of [free, short, enterprise]) {
      const spans = ages.map((age) => oneSpanTrace(age));
      sent.set(w.workspaceId, spans);
      expect((await ingest(t, w.key, spans)).body.accepted).toBe(5);
      // a second span in the oldest trace, to check spans go with their trace
      await ingest(t, w.key, [span({ traceId: spans[4].traceId, startTime: spans[4].startTime })]);
    }
    const oldest = monthOf(Date.now() - 250 * DAY).name;
    expect(await partitions()).toContain(oldest);

    // called as the worker calls it, with the BullMQ job as argument
    const result = await (processor().applyRetention as (job: unknown) => ReturnType<IngestionProcessor['applyRetention']>)({
      name: JobName.ApplyTraceRetention,
      data: {},
    });
    const kept = async (w: { workspaceId: string }) =>
      (await t.sql<{ id: string }>(`SELECT replace(trace_id::text, '-', '') AS id FROM traces WHERE workspace_id = $1`, [w.workspaceId]))
        .map((r) => r.id)
        .sort();
    const ids = (w: { workspaceId: string }, n: number) =>
      sent
        .get(w.workspaceId)!
        .slice(0, n)
        .map((s) => s.traceId)
        .sort();
    expect(await kept(free)).toEqual(ids(free, 2));
    expect(await kept(short)).toEqual(ids(short, 1));
    expect(await kept(enterprise)).toEqual(ids(enterprise, 4));
    expect(await countRows(t, free.workspaceId)).toEqual({ traces: 2, spans: 2 });
    expect(await countRows(t, enterprise.workspaceId)).toEqual({ traces: 4, spans: 4 });
    // the 250-day-old month is older than every workspace's cutoff (200 days at most): dropped, not deleted row by row
    expect(result.droppedPartitions).toContain(oldest);
    expect(await partitions()).not.toContain(oldest);
    expect(result.deletedTraces).toBe(2 + 3 + 0);

    // nothing left to do on a second run
    expect(await processor().applyRetention()).toEqual({ droppedPartitions: [], deletedTraces: 0 });
    // a span for a month whose partition was dropped still gets in
    const again = span({ startTime: sent.get(free.workspaceId)![4].startTime });
    expect((await ingest(t, free.key, [again])).body).toEqual({ accepted: 1, errors: [] });
    expect(await partitions()).toContain(oldest);
  });
});
