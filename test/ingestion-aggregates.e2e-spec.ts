/**
 * Trace summaries maintained incrementally (issue 19): every batch adds to its traces' counters, resends subtract
 * what they replace, and a trace is recomputed from its spans only when a resend moved an extreme or the naming
 * span. Each test checks the API's answers AND that every stored trace row equals an exact recompute from its
 * spans (`expectExactSummaries`), through real HTTP and the real Postgres.
 */
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { TraceAggregates1796610000000 } from '../migrations/1796610000000-TraceAggregates';
import { TraceExplorer1796630000000 } from '../migrations/1796630000000-TraceExplorer';
import { Db } from '../src/database/db';
import { normalizeSpan } from '../src/modules/ingestion/span-model';
import {
  APPLY_DELTAS,
  deltaParams,
  PostgresTraceStore,
  RECOMPUTE,
  resendLookupParams,
  TAKE_RESENT,
} from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { createTestContext, TestContext } from './support/context';
import { createApiKey, expectProblem, signup } from './support/factories';
import { eventually } from './support/integrations-receiver';
import { ingest, isoUs, newSpanId, newTraceId, setTraceQuota, span, SpanInput, traceErrorEvents } from './ingestion.helpers';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

async function owner() {
  const o = await signup(t);
  return { ...o, key: (await createApiKey(t, o.token, 'member')).key };
}

/**
 * Every trace row of the workspace, as reads see it (pending trace deltas folded first), against the same summary
 * computed from all its stored spans.
 */
async function expectExactSummaries(workspaceId: string) {
  await t.app.get(PostgresTraceStore).foldDeltas();
  const rows = await t.sql<Record<string, unknown>>(
    `SELECT t.trace_id::text AS trace_id,
            jsonb_build_object('name', t.name, 'start', t.start_time, 'end', t.end_time, 'status', t.status, 'spans', t.span_count,
              'errors', t.error_count, 'oks', t.ok_count, 'in', t.input_tokens, 'out', t.output_tokens, 'total', t.total_tokens,
              'costs', t.cost_count, 'cost', t.total_cost_usd, 'nameSpan', t.name_span_id, 'nameRoot', t.name_root,
              'nameStart', t.name_start_time, 'kind', t.kind, 'models', t.models) AS stored,
            jsonb_build_object('name', a.name, 'start', a.start_time, 'end', a.end_time, 'status', a.status, 'spans', a.span_count,
              'errors', a.error_count, 'oks', a.ok_count, 'in', a.input_tokens, 'out', a.output_tokens, 'total', a.total_tokens,
              'costs', a.cost_count, 'cost', a.total_cost_usd, 'nameSpan', a.name_span_id, 'nameRoot', a.name_root,
              'nameStart', a.name_start_time, 'kind', a.kind, 'models', a.models) AS exact
       FROM traces t CROSS JOIN LATERAL (
         SELECT min(s.start_time) AS start_time, max(s.end_time) AS end_time, count(*)::int AS span_count,
                (count(*) FILTER (WHERE s.status = 'error'))::int AS error_count, (count(*) FILTER (WHERE s.status = 'ok'))::int AS ok_count,
                CASE WHEN bool_or(s.status = 'error') THEN 'error' WHEN bool_or(s.status = 'ok') THEN 'ok' ELSE 'unset' END AS status,
                coalesce(sum(s.input_tokens), 0) AS input_tokens, coalesce(sum(s.output_tokens), 0) AS output_tokens,
                coalesce(sum(s.total_tokens), 0) AS total_tokens, count(s.cost_usd)::int AS cost_count, sum(s.cost_usd) AS total_cost_usd,
                (array_agg(s.name ORDER BY s.parent_span_id IS NOT NULL, s.start_time, s.span_id))[1] AS name,
                (array_agg(s.span_id ORDER BY s.parent_span_id IS NOT NULL, s.start_time, s.span_id))[1] AS name_span_id,
                (array_agg(s.parent_span_id IS NULL ORDER BY s.parent_span_id IS NOT NULL, s.start_time, s.span_id))[1] AS name_root,
                (array_agg(s.start_time ORDER BY s.parent_span_id IS NOT NULL, s.start_time, s.span_id))[1] AS name_start_time,
                (array_agg(s.kind ORDER BY s.parent_span_id IS NOT NULL, s.start_time, s.span_id))[1] AS kind,
                coalesce(array_agg(DISTINCT s.model::text COLLATE "C" ORDER BY s.model::text COLLATE "C") FILTER (WHERE s.model IS NOT NULL),
                  '{}') AS models
           FROM spans s WHERE s.workspace_id = t.workspace_id AND s.trace_id = t.trace_id AND s.trace_time = t.trace_time) a
      WHERE t.workspace_id = $1`,
    [workspaceId],
  );
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect({ trace: r.trace_id, ...(r.stored as object) }).toEqual({ trace: r.trace_id, ...(r.exact as object) });
  return rows.length;
}

const summary = async (key: string, traceId: string) => (await t.http.get(`/api/v1/traces/${traceId}`, { token: key })).body;

const errorEvents = async (workspaceId: string) => (await traceErrorEvents(t, workspaceId)).length;

/** A trace started `agoMs` ago: a root and `n` children, each child 1 s after the previous, costs and tokens on each. */
function agentRun(n: number, agoMs = 300_000) {
  const traceId = newTraceId();
  const t0 = Date.now() - agoMs;
  const root = span({ traceId, name: 'agent', kind: 'agent', startTime: isoUs(t0), endTime: isoUs(t0 + 60_000) });
  const children = Array.from({ length: n }, (_, i) =>
    span({
      traceId,
      parentSpanId: root.spanId,
      name: `step-${i}`,
      kind: 'llm',
      startTime: isoUs(t0 + 1000 * (i + 1), 7),
      endTime: isoUs(t0 + 1000 * (i + 1) + 400),
      usage: { inputTokens: 10 + i, outputTokens: 2 },
      costUsd: 0.000179,
    }),
  );
  return { traceId, t0, root, children };
}

describe('trace summaries across batches (incremental)', () => {
  it('continuations add to the summary; resends that change status, cost, tokens and a later end time are applied exactly', async () => {
    const o = await owner();
    const run = agentRun(4);
    await ingest(t, o.key, [run.root, ...run.children.slice(0, 2)]);
    await ingest(t, o.key, run.children.slice(2));
    expect(await summary(o.key, run.traceId)).toMatchObject({ name: 'agent', spanCount: 5, status: 'ok', totalTokens: 4 * 12 + 6 });
    // a resend: one child fails (status), loses its cost and tokens, another costs more and ends later than the root
    const failed = { ...run.children[1], status: 'error', statusMessage: 'boom', costUsd: null, usage: null };
    const pricier = { ...run.children[3], costUsd: 1.25, endTime: isoUs(run.t0 + 90_000) };
    expect((await ingest(t, o.key, [failed, pricier])).body).toEqual({ accepted: 2, errors: [] });
    const got = await summary(o.key, run.traceId);
    expect(got).toMatchObject({ spanCount: 5, status: 'error', endTime: isoUs(run.t0 + 90_000), totalTokens: 4 * 12 + 6 - 13 });
    expect(got.totalCostUsd).toBeCloseTo(0.000179 * 2 + 1.25, 9);
    await expectExactSummaries(o.workspaceId);
    expect(await errorEvents(o.workspaceId)).toBe(1);
    // the failure is fixed by another resend: status back to ok, no second alert when another error comes later
    await ingest(t, o.key, [{ ...failed, status: 'ok', statusMessage: null }]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ status: 'ok' });
    await ingest(t, o.key, [
      span({ traceId: run.traceId, parentSpanId: run.root.spanId, status: 'error', startTime: isoUs(run.t0 + 500) }),
    ]);
    expect(await errorEvents(o.workspaceId)).toBe(1);
    await expectExactSummaries(o.workspaceId);
  });

  it('a cost that goes away: totalCostUsd back to null when no span has one (unknown is not zero)', async () => {
    const o = await owner();
    const run = agentRun(1);
    await ingest(t, o.key, [run.root]);
    expect((await summary(o.key, run.traceId)).totalCostUsd).toBeNull();
    await ingest(t, o.key, run.children);
    expect((await summary(o.key, run.traceId)).totalCostUsd).toBeCloseTo(0.000179, 9);
    await ingest(t, o.key, [{ ...run.children[0], costUsd: null }]);
    expect((await summary(o.key, run.traceId)).totalCostUsd).toBeNull();
    await ingest(t, o.key, [{ ...run.children[0], costUsd: 0 }]);
    expect((await summary(o.key, run.traceId)).totalCostUsd).toBe(0);
    await expectExactSummaries(o.workspaceId);
  });

  it('resends that move an extreme back (earlier end, later start) or demote the naming span are recomputed exactly', async () => {
    const o = await owner();
    const run = agentRun(3);
    await ingest(t, o.key, [run.root, ...run.children]);
    // the root ends earlier than it said: the trace ends with its latest child
    await ingest(t, o.key, [{ ...run.root, endTime: isoUs(run.t0 + 1500) }]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ endTime: isoUs(run.t0 + 3400) });
    // the root started later than it said: the trace starts with its first child
    await ingest(t, o.key, [{ ...run.root, startTime: isoUs(run.t0 + 1200), endTime: isoUs(run.t0 + 1500) }]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ startTime: isoUs(run.t0 + 1000, 7), name: 'agent' });
    // the root is renamed (same rank): the trace is renamed
    await ingest(t, o.key, [{ ...run.root, name: 'support-agent', startTime: isoUs(run.t0 + 1200), endTime: isoUs(run.t0 + 1500) }]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ name: 'support-agent' });
    // the root turns out to be a child of a span not sent yet: the earliest span names the trace
    const adopted = {
      ...run.root,
      name: 'support-agent',
      parentSpanId: newSpanId(),
      startTime: isoUs(run.t0 + 1200),
      endTime: isoUs(run.t0 + 1500),
    };
    await ingest(t, o.key, [adopted]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ name: 'step-0', startTime: isoUs(run.t0 + 1000, 7) });
    // then the real root arrives, earlier than everything
    const realRoot = span({
      traceId: run.traceId,
      spanId: adopted.parentSpanId,
      name: 'session',
      kind: 'agent',
      startTime: isoUs(run.t0 - 5000),
    });
    await ingest(t, o.key, [realRoot]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ name: 'session', startTime: isoUs(run.t0 - 5000), spanCount: 5 });
    await expectExactSummaries(o.workspaceId);
  });

  it('a batch of several traces with resends and new spans mixed stays exact, and the list agrees with the detail', async () => {
    const o = await owner();
    const runs = Array.from({ length: 5 }, (_, i) => agentRun(3, 600_000 - i * 37_000));
    await ingest(
      t,
      o.key,
      runs.flatMap((r) => [r.root, r.children[0]]),
    );
    const mixed: SpanInput[] = runs.flatMap((r, i) => [
      ...r.children.slice(1),
      i % 2 ? { ...r.children[0], status: 'error', endTime: isoUs(r.t0 + 700_000) } : { ...r.root, name: `agent-${i}` },
    ]);
    expect((await ingest(t, o.key, mixed)).body.accepted).toBe(mixed.length);
    expect(await expectExactSummaries(o.workspaceId)).toBe(5);
    const list = (await t.http.get('/api/v1/traces?limit=10', { token: o.key })).body.data;
    for (const r of runs) {
      const detail = await summary(o.key, r.traceId);
      const { spans: _, ...head } = detail;
      expect(list.find((x: { traceId: string }) => x.traceId === r.traceId)).toMatchObject({
        name: head.name,
        spanCount: 4,
        status: head.status,
        endTime: head.endTime,
        totalCostUsd: head.totalCostUsd,
      });
    }
  });
});

describe('realistic concurrency', () => {
  it('long agent runs across many concurrent batches (continuations, resends of in-flight spans, same new traces): exact summaries, quota once, one alert per trace', async () => {
    const o = await owner();
    const runs = Array.from({ length: 12 }, (_, i) => agentRun(12, 900_000 - i * 61_000));
    const failing = new Set([runs[2].traceId, runs[7].traceId]);
    // each run's spans spread over 4 batches (root first, then children), batches of all runs interleaved
    const batches: SpanInput[][] = Array.from({ length: 8 }, () => []);
    runs.forEach((r, i) => {
      const spans = [r.root, ...r.children].map((s, j) => (failing.has(r.traceId) && j === 6 ? { ...s, status: 'error' } : s));
      for (let part = 0; part < 4; part++) batches[(i + part * 2) % 8].push(...spans.slice(part * 4, part * 4 + 4));
    });
    // a retried flush: every odd batch resends half of the previous batch (racing it), one span with a later end
    for (let b = 1; b < 8; b += 2) {
      const prev = batches[b - 1].slice(0, Math.ceil(batches[b - 1].length / 2));
      batches[b].push(...prev.map((s, j) => (j === 0 ? { ...s, endTime: isoUs(Date.now() - 1000) } : s)));
    }
    // two batches at once for the same new traces too
    batches.push(runs.slice(0, 3).map((r) => ({ ...r.children[11] })));
    const results = await Promise.all(batches.map((b) => ingest(t, o.key, b)));
    expect(results.map((r) => r.status)).toEqual(Array(batches.length).fill(200));
    expect(results.map((r) => r.body.errors)).toEqual(Array(batches.length).fill([]));
    expect(await expectExactSummaries(o.workspaceId)).toBe(12);
    for (const r of runs) expect(await summary(o.key, r.traceId)).toMatchObject({ spanCount: 13, name: 'agent' });
    const [usage] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [o.workspaceId]);
    expect(Number(usage.traces)).toBe(12);
    expect(await errorEvents(o.workspaceId)).toBe(2);
  });

  it('concurrent batches over the quota: the same new trace counts once, a refused batch stores nothing', async () => {
    const o = await owner();
    await setTraceQuota(t, o.workspaceId, 2);
    const a = agentRun(6);
    const b = agentRun(1);
    // six batches at once: all carry spans of the same new trace `a`, so together they make one trace
    const parts = Array.from({ length: 6 }, (_, i) => [a.children[i]]);
    parts[0].push(a.root);
    const first = await Promise.all(parts.map((p) => ingest(t, o.key, p)));
    expect(first.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect((await ingest(t, o.key, [b.root])).status).toBe(200);
    // at the quota: a batch with a new trace is refused whole (its continuation of `a` is not stored either)
    const refused = await ingest(t, o.key, [span({ traceId: a.traceId, parentSpanId: a.root.spanId, name: 'late' }), agentRun(0).root]);
    expectProblem(refused, 402, 'plan_limit_exceeded');
    expect(await summary(o.key, a.traceId)).toMatchObject({ spanCount: 7 });
    const [usage] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [o.workspaceId]);
    expect(Number(usage.traces)).toBe(2);
    await expectExactSummaries(o.workspaceId);
  });
});

describe('continuations without a row lock (trace deltas)', () => {
  const store = () => t.app.get(PostgresTraceStore);
  /** Another API process: its own known traces, gate and folder, on the same database. */
  const otherProcess = () => new PostgresTraceStore(t.app.get(Db));
  const write = (into: PostgresTraceStore, workspaceId: string, spans: SpanInput[], beforeCommit = async () => undefined) =>
    into.write(
      workspaceId,
      spans.map((s) => normalizeSpan(s, Date.now())),
      { dropIfNew: new Set(), beforeCommit: () => beforeCommit() },
    );
  /** A write of `spans` held in flight in its `beforeCommit` (its transaction open, its trace rows locked) until `release()`. */
  async function inFlight(into: PostgresTraceStore, workspaceId: string, spans: SpanInput[]) {
    let entered!: () => void;
    const reached = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const done = write(into, workspaceId, spans, async () => {
      entered();
      await released;
    });
    await reached;
    return { done, release };
  }
  /** Settles with 'written' when `write` does, or 'waiting' if it has not after 10 s (a guard, not a pause: it never elapses when all is well). */
  const within10s = (write: Promise<unknown>) => {
    let timer!: NodeJS.Timeout;
    const guard = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('waiting'), 10_000)));
    return Promise.race([write.then(() => 'written'), guard]).finally(() => clearTimeout(timer));
  };
  const pendingDeltas = async (traceId: string) =>
    (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM trace_deltas WHERE trace_id = $1', [traceId]))[0].n;

  it('a batch continuing a trace that an in-flight batch holds does not wait for it: its summary is a delta, folded in before any read', async () => {
    const o = await owner();
    const run = agentRun(4);
    await write(store(), o.workspaceId, [run.root]); // the process knows the trace from now on
    const first = await inFlight(store(), o.workspaceId, [run.children[0]]); // the trace's row locked until release
    expect(await within10s(write(store(), o.workspaceId, [run.children[1], run.children[2]]))).toBe('written');
    expect(await pendingDeltas(run.traceId)).toBe(1); // the folder's fold waits for the row lock meanwhile
    first.release();
    await first.done;
    expect(await summary(o.key, run.traceId)).toMatchObject({ spanCount: 4, name: 'agent' });
    expect(await pendingDeltas(run.traceId)).toBe(0);
    await expectExactSummaries(o.workspaceId);
    // the folder vacuums the delta table (its rows live for milliseconds)
    await eventually(
      async () =>
        (await t.sql<{ n: number }>(`SELECT vacuum_count::int AS n FROM pg_stat_user_tables WHERE relname = 'trace_deltas'`))[0].n > 0,
      { what: 'a vacuum of trace_deltas' },
    );
  });

  it('deltas a stopped process left unfolded are folded by the next read, in any process', async () => {
    const o = await owner();
    const run = agentRun(3);
    const other = otherProcess();
    await other.onModuleDestroy(); // stopped: it still writes, but folds nothing
    await write(other, o.workspaceId, [run.root]);
    const first = await inFlight(other, o.workspaceId, [run.children[0]]);
    await write(other, o.workspaceId, [run.children[1], run.children[2]]);
    first.release();
    await first.done;
    expect(await pendingDeltas(run.traceId)).toBe(1);
    expect(await summary(o.key, run.traceId)).toMatchObject({ spanCount: 4, name: 'agent' });
    expect(await pendingDeltas(run.traceId)).toBe(0);
    await expectExactSummaries(o.workspaceId);
  });

  it('a trace another process created is taken for new by this one, found at the upsert, and the batch written again carefully: exact', async () => {
    const o = await owner();
    const run = agentRun(4);
    const other = otherProcess();
    await write(other, o.workspaceId, [run.root]);
    // this process never saw the trace: it assumes the key the children's start would give it, and the upsert says otherwise
    await write(store(), o.workspaceId, [run.children[0], run.children[1]]);
    await write(other, o.workspaceId, [run.children[2]]);
    await write(store(), o.workspaceId, [run.children[3]]);
    await other.onModuleDestroy();
    expect(await summary(o.key, run.traceId)).toMatchObject({ spanCount: 5, name: 'agent' });
    expect((await t.http.get(`/api/v1/traces/${run.traceId}`, { token: o.key })).body.spans).toHaveLength(5);
    expect(await expectExactSummaries(o.workspaceId)).toBe(1);
  });

  it("a trace's first spans written by one process while another created it from later spans: moved to the trace's key, exact", async () => {
    const o = await owner();
    const run = agentRun(3);
    const other = otherProcess();
    // the other process creates the trace from a child (its key: the child's start)...
    await write(other, o.workspaceId, [run.children[1]]);
    await other.onModuleDestroy();
    // ...this process, with the root, takes it for new (a root is a trace's first batch as a rule) under the root's
    // key: the upsert finds the row, and the batch's spans move to the row's key in the same transaction
    await write(store(), o.workspaceId, [run.root, run.children[0], run.children[2]]);
    const [row] = await t.sql<{ us: string }>(
      `SELECT (extract(epoch from trace_time) * 1e6)::int8::text AS us FROM traces WHERE trace_id = $1`,
      [run.traceId],
    );
    expect(Number(row.us)).toBe((run.t0 + 2000) * 1000); // children[1]'s start, to the millisecond
    expect(await summary(o.key, run.traceId)).toMatchObject({ spanCount: 4, name: 'agent' });
    expect((await t.http.get(`/api/v1/traces/${run.traceId}`, { token: o.key })).body.spans).toHaveLength(4);
    expect(await expectExactSummaries(o.workspaceId)).toBe(1);
  });

  it('two processes continuing the same traces concurrently, with resends and an error: exact summaries', async () => {
    const o = await owner();
    const runs = Array.from({ length: 6 }, (_, i) => agentRun(12, 800_000 - i * 50_000));
    const other = otherProcess();
    await write(
      store(),
      o.workspaceId,
      runs.map((r) => r.root),
    );
    await write(
      other,
      o.workspaceId,
      runs.map((r) => r.children[0]),
    );
    // 11 batches at once, alternating processes: each continues every run; every third also resends its predecessor's
    // spans with a later end; run 1 gets an error span
    const batches = Array.from({ length: 11 }, (_, b) =>
      runs.map((r, i) => (i === 1 && b === 5 ? { ...r.children[b + 1], status: 'error' } : r.children[b + 1])),
    );
    for (let b = 2; b < batches.length; b += 3)
      batches[b].push(...batches[b - 1].map((s) => ({ ...s, endTime: isoUs(Date.now() - 1000) })));
    const writes = batches.map((spans, b) => write(b % 2 ? other : store(), o.workspaceId, spans));
    await Promise.all(writes);
    await other.onModuleDestroy();
    expect(await expectExactSummaries(o.workspaceId)).toBe(6);
    for (const r of runs) expect(await summary(o.key, r.traceId)).toMatchObject({ spanCount: 13, name: 'agent' });
  });
});

describe('the lookup of resent spans', () => {
  /** Rows every scan of a `spans` partition returned in an EXPLAIN ANALYZE (JSON) plan, loops included. */
  const spanRowsRead = (node: Record<string, unknown>): number =>
    (node['Node Type'] !== 'ModifyTable' && String(node['Relation Name'] ?? '').startsWith('spans')
      ? Number(node['Actual Rows']) * Number(node['Actual Loops'])
      : 0) + ((node.Plans as Record<string, unknown>[] | undefined) ?? []).reduce((n, c) => n + spanRowsRead(c), 0);

  it("reads only the looked-up spans whatever join PostgreSQL picks (a workspace's every span when it hash-joined before)", async () => {
    const o = await owner();
    const runs = Array.from({ length: 40 }, (_, i) => agentRun(29, 900_000 - i * 1000));
    for (let i = 0; i < runs.length; i += 10) {
      expect(
        (
          await ingest(
            t,
            o.key,
            runs.slice(i, i + 10).flatMap((r) => [r.root, ...r.children]),
          )
        ).status,
      ).toBe(200);
    }
    // what a batch resending the root and one child of two of these traces looks up
    const looked = runs.slice(0, 2);
    const keys = await t.sql<{ trace_id: string; us: string }>(
      `SELECT replace(trace_id::text, '-', '') AS trace_id, (extract(epoch from trace_time) * 1000000)::int8 AS us
         FROM traces WHERE workspace_id = $1 AND trace_id = ANY($2::uuid[]) ORDER BY trace_id`,
      [o.workspaceId, looked.map((r) => r.traceId)],
    );
    const params = [
      o.workspaceId,
      ...resendLookupParams(
        keys.map((k) => {
          const run = looked.find((r) => r.traceId === k.trace_id)!;
          return { traceId: k.trace_id, traceUs: Number(k.us), spanIds: [run.root.spanId, run.children[5].spanId] };
        }),
      ),
    ];
    const client = new Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      // the planner's choice depends on statistics (stale while a workspace grows): every kind of join is tried
      for (const off of [[], ['enable_nestloop'], ['enable_nestloop', 'enable_hashjoin']]) {
        await client.query('BEGIN');
        try {
          for (const setting of off) await client.query(`SET LOCAL ${setting} = off`);
          const [{ 'QUERY PLAN': plan }] = (await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${TAKE_RESENT}`, params)).rows as {
            'QUERY PLAN': { Plan: Record<string, unknown> }[];
          }[];
          expect({ off, deleted: plan[0].Plan['Actual Rows'] }).toEqual({ off, deleted: 4 });
          // the 4 looked-up spans, not the two traces' 60 nor the workspace's 1,200
          expect({ off, read: spanRowsRead(plan[0].Plan) }).toEqual({ off, read: 4 });
        } finally {
          await client.query('ROLLBACK');
        }
      }
    } finally {
      await client.end();
    }
  });
  it('the corrections of resent spans reach their traces by primary key only, leaving the planner no scan of traces to choose', async () => {
    const o = await owner();
    const run = agentRun(3);
    expect((await ingest(t, o.key, [run.root, ...run.children])).status).toBe(200);
    const [{ us }] = await t.sql<{ us: string }>(
      'SELECT (extract(epoch from trace_time) * 1000000)::int8 AS us FROM traces WHERE workspace_id = $1 AND trace_id = $2',
      [o.workspaceId, run.traceId],
    );
    const delta = {
      traceId: run.traceId,
      spanCount: -1,
      errorCount: 0,
      okCount: -1,
      inputTokens: -10,
      outputTokens: -2,
      totalTokens: 0,
      costCount: -1,
      cost: '-0.000179',
    };
    /** Nodes of a plan that read `traces` (the insert's conflict check on the primary key is not one). */
    const tracesScans = (node: Record<string, unknown>): string[] => [
      ...(node['Node Type'] !== 'ModifyTable' && node['Relation Name'] === 'traces' ? [String(node['Node Type'])] : []),
      ...((node.Plans as Record<string, unknown>[] | undefined) ?? []).flatMap(tracesScans),
    ];
    for (const [sql, params] of [
      [APPLY_DELTAS, [o.workspaceId, ...deltaParams([delta])]],
      [RECOMPUTE, [o.workspaceId, [run.traceId], [us]]],
    ] as const) {
      const [{ 'QUERY PLAN': plan }] = await t.sql<{ 'QUERY PLAN': { Plan: Record<string, unknown> }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`, [
        ...params,
      ]);
      expect(plan[0].Plan['Node Type']).toBe('ModifyTable');
      expect(tracesScans(plan[0].Plan)).toEqual([]);
    }
  });
});

describe('migration TraceAggregates', () => {
  it('backfills the counters and the naming span of traces written before it, then ingestion goes on incrementally', async () => {
    const o = await owner();
    const run = agentRun(3);
    const failing = { ...run.children[1], status: 'error', costUsd: null };
    await ingest(t, o.key, [run.root, run.children[0], failing, run.children[2]]);
    // this file's own database: take the migration back, as if the rows were written before it, and run it again
    const runner = { query: (text: string) => t.sql(text) } as unknown as QueryRunner;
    const migration = new TraceAggregates1796610000000();
    await migration.down(runner);
    await migration.up(runner);
    const [row] = await t.sql<Record<string, unknown>>(
      `SELECT error_count, ok_count, cost_count, name_span_id, name_root FROM traces WHERE workspace_id = $1`,
      [o.workspaceId],
    );
    expect(row).toEqual({ error_count: 1, ok_count: 3, cost_count: 2, name_span_id: run.root.spanId, name_root: true });
    await expectExactSummaries(o.workspaceId);
    // and the next batch builds on the backfilled counters
    await ingest(t, o.key, [{ ...failing, status: 'ok' }, span({ traceId: run.traceId, parentSpanId: run.root.spanId, costUsd: 2 })]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ status: 'ok', spanCount: 5 });
    await expectExactSummaries(o.workspaceId);
  });
});

describe('migration TraceExplorer', () => {
  it("backfills the root's kind and the models of traces written before it; down and up again", async () => {
    const o = await owner();
    const run = agentRun(3);
    const children = run.children.map((c, i) => ({ ...c, model: i === 2 ? 'b-model' : 'a-model' }));
    await ingest(t, o.key, [run.root, ...children]);
    const runner = { query: (text: string) => t.sql(text) } as unknown as QueryRunner;
    const migration = new TraceExplorer1796630000000();
    await migration.down(runner);
    const columns = async () =>
      (await t.sql<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'traces'`)).map((r) => r.c);
    expect(await columns()).not.toContain('models');
    await migration.up(runner);
    const [row] = await t.sql<Record<string, unknown>>(`SELECT kind, models FROM traces WHERE workspace_id = $1`, [o.workspaceId]);
    expect(row).toEqual({ kind: run.root.kind, models: ['a-model', 'b-model'] });
    await expectExactSummaries(o.workspaceId);
    expect((await t.http.get('/api/v1/traces?model=b-model', { token: o.key })).body.data.map((r: any) => r.traceId)).toEqual([
      run.traceId,
    ]);
    // and ingestion goes on from the backfilled columns
    await ingest(t, o.key, [span({ traceId: run.traceId, parentSpanId: run.root.spanId, model: 'c-model' })]);
    expect(await summary(o.key, run.traceId)).toMatchObject({ kind: run.root.kind, models: ['a-model', 'b-model', 'c-model'] });
    await expectExactSummaries(o.workspaceId);
  });
});
