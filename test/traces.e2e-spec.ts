import { JobName } from '../src/common/queue/queues';
import { JOB_HANDLER } from '../src/common/queue/job-handler';
import { IngestionProcessor } from '../src/modules/ingestion/ingestion.processor';
import { monthOf } from '../src/modules/ingestion/storage/postgres/partitions';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup } from './support/factories';
import { countRows, ingest, newTraceId, span, trace, isoUs } from './ingestion.helpers';

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
      startTime: spans[0].startTime,
      endTime: spans[0].endTime,
      durationMs: 100,
      status: 'error',
      spanCount: 1,
      totalTokens: 0,
      totalCostUsd: null, // no span has a cost: unknown, not zero
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
