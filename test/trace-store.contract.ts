/**
 * The contract of the TraceStore port (DESIGN.md "Growing past one machine"), run against every adapter by a
 * `trace-store-<backend>.e2e-spec.ts` file: the real app on real HTTP with TRACE_STORE set, plus direct calls to
 * the store for what the API cannot show (list filters and stats on the port itself, a write refused at commit). A case the adapter does not meet yet is listed in `pending` and runs as `it.failing`: it
 * must fail until the adapter meets it, and then fails the run, so the list is kept honest.
 */
import { JobName } from '../src/common/queue/queues';
import { IngestionProcessor } from '../src/modules/ingestion/ingestion.processor';
import { keepTrace } from '../src/modules/ingestion/sampling';
import { NormalizedSpan, normalizeSpan } from '../src/modules/ingestion/span-model';
import { TRACE_STORE, TraceStore, WriteOutcome } from '../src/modules/ingestion/storage/trace-store';
import { at, ingest, isoUs, newSpanId, newTraceId, setTraceQuota, span, SpanInput, trace, traceErrorEvents } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { eventually } from './support/integrations-receiver';
import { createApiKey, expectProblem, signup } from './support/factories';

export type ContractCase = 'listFilters' | 'stats';

export interface Backend {
  name: string;
  /** environment of the app under test (TRACE_STORE, CLICKHOUSE_URL…) */
  env(): Promise<Record<string, string>>;
  /** stored traces and spans of a workspace, straight from the storage (each span once) */
  counts(t: TestContext, workspaceId: string): Promise<{ traces: number; spans: number }>;
  /** a stored span's input as the storage holds it (JSON text) */
  storedInput(t: TestContext, workspaceId: string, spanId: string): Promise<string | null>;
  close(): Promise<void>;
  /** how `applyRetention` names the storage period (month) that holds `ms` when it drops it whole */
  periodName(ms: number): string;
  /** times the adapter rehearses `beforeCommit` (rolled back) before the call that commits, for a batch with new traces */
  rehearsals: number;
  /** contract cases this adapter does not meet yet (run as it.failing) */
  pending: ReadonlySet<ContractCase>;
}

const DAY = 86400_000;

export function traceStoreContract(backend: Backend): void {
  let t: TestContext;
  const store = () => t.app.get<TraceStore>(TRACE_STORE);
  const check = (name: string, fn: () => Promise<void>, needs?: ContractCase) =>
    (needs && backend.pending.has(needs) ? it.failing : it)(name, fn);

  beforeAll(async () => {
    t = await createTestContext({ env: await backend.env() });
  });
  afterAll(async () => {
    await t?.close();
    await backend.close();
  });

  async function workspace() {
    const o = await signup(t);
    return { ...o, key: (await createApiKey(t, o.token, 'member')).key };
  }
  const detail = async (key: string, traceId: string) => (await t.http.get(`/api/v1/traces/${traceId}`, { token: key })).body;
  const list = async (key: string, query = '') => (await t.http.get(`/api/v1/traces?limit=100${query}`, { token: key })).body.data;
  const usage = async (workspaceId: string) => {
    const [row] = await t.sql<{ traces: string }>('SELECT traces FROM usage_periods WHERE workspace_id = $1', [workspaceId]);
    return Number(row?.traces ?? 0);
  };
  const errorEvents = async (workspaceId: string) => (await traceErrorEvents(t, workspaceId)).length;
  /** Writes of this process waiting in the store's TraceGate now. */
  const gateWaits = async () => (store() as unknown as { gateWaits: number }).gateWaits;
  /** `ingest_trace_gate_waits_total` and `…_wait_seconds_total` on the app's /metrics. */
  const gateCounted = async () => {
    const text = (await t.http.get('/metrics')).text;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { waits: value('ingest_trace_gate_waits_total'), seconds: value('ingest_trace_gate_wait_seconds_total') };
  };
  /** Backends of this file's database waiting on a lock now (the trace rows, or the ClickHouse store's registry rows). */
  const lockWaiters = async () =>
    (
      await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    )[0].n;
  /** A write of `spans` held in flight in its `beforeCommit` (its transaction open) until `release()`. */
  async function inFlight(workspaceId: string, spans: SpanInput[]) {
    let entered!: () => void;
    const reached = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const done = write(workspaceId, normalized(spans), async () => {
      entered();
      await released;
    });
    await reached;
    return { done, release };
  }
  /** A root span `root` of `traceId` over [t0, t0 + 1 ms] with `tokens` input and `tokens` output tokens. */
  const rootAt = (traceId: string, t0: number, tokens: number) =>
    span({ traceId, name: 'root', startTime: isoUs(t0), endTime: isoUs(t0 + 1000), usage: { inputTokens: tokens, outputTokens: tokens } });
  /** Spans normalised as ingestion hands them to the store. */
  const normalized = (spans: SpanInput[]) => spans.map((s) => normalizeSpan(s, Date.now()));
  const write = (workspaceId: string, spans: NormalizedSpan[], beforeCommit = async (_o: WriteOutcome) => undefined) =>
    store().write(workspaceId, spans, { dropIfNew: new Set(), beforeCommit: (o) => beforeCommit(o) });

  describe(`TraceStore contract: ${backend.name}`, () => {
    check('stores a batch: the trace summary, the spans in start order, every field as sent', async () => {
      const w = await workspace();
      const spans = trace(2);
      spans[1].input = { messages: [{ role: 'user', content: 'héllo\t"quoted" \\ 🚀' }] };
      spans[1].output = 'plain text';
      spans[1].attributes = { 'gen_ai.system': 'openai', n: 3, nested: { ok: true } };
      spans[2].statusMessage = 'fine';
      expect((await ingest(t, w.key, spans)).body).toEqual({ accepted: 3, errors: [] });
      const got = await detail(w.key, spans[0].traceId);
      expect(got).toMatchObject({
        traceId: spans[0].traceId,
        name: 'agent',
        startTime: spans[0].startTime,
        endTime: spans[0].endTime,
        durationMs: 10_000,
        status: 'ok',
        spanCount: 3,
        totalTokens: 30,
      });
      expect(got.totalCostUsd).toBeCloseTo(0.002, 9);
      expect(got.spans.map((s: any) => s.spanId)).toEqual(spans.map((s) => s.spanId));
      expect(got.spans[1]).toEqual({
        traceId: spans[1].traceId,
        spanId: spans[1].spanId,
        parentSpanId: spans[0].spanId,
        name: 'llm-0',
        kind: 'llm',
        startTime: spans[1].startTime,
        endTime: spans[1].endTime,
        status: 'ok',
        statusMessage: null,
        input: spans[1].input,
        output: 'plain text',
        attributes: spans[1].attributes,
        model: 'gpt-4o-mini',
        usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 },
        costUsd: 0.001,
      });
      expect(got.spans[0]).toMatchObject({ parentSpanId: null, input: null, usage: null, costUsd: null, model: null });
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 3 });
    });

    check('a resent span replaces the stored one; the same batch twice changes nothing; in one batch the later copy wins', async () => {
      const w = await workspace();
      const spans = trace(2);
      await ingest(t, w.key, spans);
      await ingest(t, w.key, spans);
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 3 });
      expect(await usage(w.workspaceId)).toBe(1);
      const changed = { ...spans[1], name: 'renamed', costUsd: 0.25, usage: { inputTokens: 100, outputTokens: 1 } };
      await ingest(t, w.key, [changed, { ...changed, name: 'renamed twice' }]);
      const got = await detail(w.key, spans[0].traceId);
      expect(got.spans.find((s: any) => s.spanId === changed.spanId)).toMatchObject({ name: 'renamed twice', costUsd: 0.25 });
      expect(got).toMatchObject({ spanCount: 3, totalTokens: 101 + 15 });
      expect(got.totalCostUsd).toBeCloseTo(0.251, 9);
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 3 });
    });

    check('the summary stays exact with spans out of order across batches and resent spans that change', async () => {
      const w = await workspace();
      const traceId = newTraceId();
      const t0 = Date.now() - 600_000;
      const iso = (ms: number) => isoUs(t0 + ms);
      const root = span({ traceId, name: 'root-agent', kind: 'agent', startTime: iso(0), endTime: iso(9000) });
      const child = (name: string, start: number, end: number, over: Partial<SpanInput> = {}) =>
        span({ traceId, parentSpanId: root.spanId, name, kind: 'llm', startTime: iso(start), endTime: iso(end), costUsd: 0.5, ...over });
      const c1 = child('c1', 1000, 2000, { model: 'm-1' });
      const c2 = child('c2', 3000, 12_000, { status: 'error', model: 'm-2' });
      const c3 = child('c3', 5000, 6000);
      await ingest(t, w.key, [c3]);
      expect(await detail(w.key, traceId)).toMatchObject({ name: 'c3', kind: 'llm', spanCount: 1, startTime: iso(5000) });
      await ingest(t, w.key, [c2, c1]);
      await ingest(t, w.key, [root]);
      expect(await detail(w.key, traceId)).toMatchObject({
        name: 'root-agent',
        status: 'error',
        spanCount: 4,
        startTime: iso(0),
        endTime: iso(12_000),
        durationMs: 12_000,
        totalCostUsd: 1.5,
      });
      expect((await list(w.key, '&status=error')).map((r: any) => r.traceId)).toEqual([traceId]);
      // the failing span is fixed and shortened, a cost removed: the trace is ok again and ends earlier
      await ingest(t, w.key, [{ ...c2, status: 'ok', endTime: iso(4000), costUsd: null }]);
      const got = await detail(w.key, traceId);
      expect(got).toMatchObject({ status: 'ok', endTime: iso(9000), durationMs: 9000, spanCount: 4, totalCostUsd: 1 });
      expect(got.spans.map((s: any) => s.name)).toEqual(['root-agent', 'c1', 'c2', 'c3']);
      expect(await list(w.key, '&status=error')).toEqual([]);
      expect(got).toMatchObject({ kind: 'agent', models: ['m-1', 'm-2'] });
      // a resend that changes a span's model takes the old one off the trace (no other span uses it)
      await ingest(t, w.key, [{ ...c1, model: 'm-3' }]);
      expect(await detail(w.key, traceId)).toMatchObject({ models: ['m-2', 'm-3'], spanCount: 4 });
      expect((await list(w.key, '&model=m-1')).map((r: any) => r.traceId)).toEqual([]);
      expect((await list(w.key, '&model=m-3')).map((r: any) => r.traceId)).toEqual([traceId]);
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 4 });
    });

    check(
      'a resent span that starts after everything stored of its trace (stored open, or moved later) replaces the stored one',
      async () => {
        const w = await workspace();
        const traceId = newTraceId();
        const t0 = Date.now() - 600_000;
        const iso = (ms: number) => isoUs(t0 + ms);
        const first = span({ traceId, name: 'first', kind: 'llm', startTime: iso(0), endTime: iso(1000), costUsd: 0.5 });
        const open = span({ traceId, name: 'open', kind: 'tool', startTime: iso(5000), endTime: null });
        const moved = span({ traceId, name: 'moved', kind: 'tool', startTime: iso(200), endTime: iso(800) });
        await ingest(t, w.key, [first, open, moved]);
        expect(await detail(w.key, traceId)).toMatchObject({ spanCount: 3, endTime: iso(1000) });
        // the open span now ended, the other sent again with a later start; with them a new span of the trace
        const later = span({ traceId, name: 'later', kind: 'llm', startTime: iso(7000), endTime: iso(7500), costUsd: 0.25 });
        const res = await ingest(t, w.key, [
          { ...open, endTime: iso(6000), status: 'error' },
          { ...moved, startTime: iso(2000), endTime: iso(3000) },
          later,
        ]);
        expect(res.body).toEqual({ accepted: 3, errors: [] });
        const got = await detail(w.key, traceId);
        expect(got).toMatchObject({ spanCount: 4, status: 'error', startTime: iso(0), endTime: iso(7500), totalCostUsd: 0.75 });
        expect(got.spans.map((s: any) => [s.name, s.startTime, s.endTime])).toEqual([
          ['first', iso(0), iso(1000)],
          ['moved', iso(2000), iso(3000)],
          ['open', iso(5000), iso(6000)],
          ['later', iso(7000), iso(7500)],
        ]);
        expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 4 });
      },
    );

    check('concurrent writers: no duplicate spans, each trace counted once, one trace.error per trace', async () => {
      const w = await workspace();
      const traces = Array.from({ length: 3 }, () => newTraceId());
      const t0 = Date.now() - 300_000;
      const shared = traces.map((traceId) => span({ traceId, name: 'shared', startTime: isoUs(t0 - 1000), endTime: isoUs(t0) }));
      const batches = Array.from({ length: 6 }, (_, b) => [
        ...traces.map((traceId, i) =>
          span({
            traceId,
            name: `b${b}`,
            startTime: isoUs(t0 + b * 1000 + i),
            endTime: isoUs(t0 + b * 1000 + 500),
            usage: { inputTokens: 1, outputTokens: 1 },
            status: b === 4 ? 'error' : 'ok',
          }),
        ),
        ...shared,
      ]);
      const results = await Promise.all(batches.map((b) => ingest(t, w.key, b)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 3, spans: 3 * 7 });
      expect(await usage(w.workspaceId)).toBe(3);
      for (const traceId of traces) {
        expect(await detail(w.key, traceId)).toMatchObject({
          spanCount: 7,
          totalTokens: 12,
          status: 'error',
          startTime: isoUs(t0 - 1000),
          endTime: isoUs(t0 + 5500),
        });
      }
      expect(await errorEvents(w.workspaceId)).toBe(3);
    });

    check(
      'concurrent writers of one new trace, each batch starting at another time: one trace, every span, the earliest start',
      async () => {
        const w = await workspace();
        const t0 = Date.now() - 400_000;
        for (let round = 0; round < 3; round++) {
          const traceId = newTraceId();
          // batch b's spans start b seconds later: every batch would create the trace under another partition key
          const batches = Array.from({ length: 6 }, (_, b) =>
            Array.from({ length: 3 }, (_, i) =>
              span({
                traceId,
                name: `b${b}.${i}`,
                startTime: isoUs(t0 + (5 - b) * 1000 + i),
                endTime: isoUs(t0 + 9000),
                status: b === 2 ? 'error' : 'ok',
              }),
            ),
          );
          const results = await Promise.all(batches.map((b) => ingest(t, w.key, b)));
          expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
          expect(await detail(w.key, traceId)).toMatchObject({
            spanCount: 18,
            status: 'error',
            name: 'b5.0',
            startTime: isoUs(t0),
            endTime: isoUs(t0 + 9000),
          });
          expect((await detail(w.key, traceId)).spans).toHaveLength(18);
        }
        expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 3, spans: 54 });
        expect(await usage(w.workspaceId)).toBe(3);
        expect(await errorEvents(w.workspaceId)).toBe(3);
      },
    );

    check('concurrent continuations of a stored trace, each resending its root with a later end: no duplicate, exact summary', async () => {
      const w = await workspace();
      const t0 = Date.now() - 500_000;
      const traceId = newTraceId();
      const root = rootAt(traceId, t0, 5);
      await ingest(t, w.key, [root]);
      const batches = Array.from({ length: 6 }, (_, b) => [
        span({
          traceId,
          parentSpanId: root.spanId,
          name: `c${b}`,
          startTime: isoUs(t0 + 2000 + b),
          endTime: isoUs(t0 + 3000),
          usage: null,
        }),
        { ...root, endTime: isoUs(t0 + 4000 + b * 100) },
      ]);
      const results = await Promise.all(batches.map((b) => ingest(t, w.key, b)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
      const got = await detail(w.key, traceId);
      expect(got).toMatchObject({ spanCount: 7, totalTokens: 10, name: 'root', startTime: isoUs(t0) });
      expect([...Array(6).keys()].map((b) => isoUs(t0 + 4000 + b * 100))).toContain(got.endTime);
      expect(got.spans.find((x: { spanId: string }) => x.spanId === root.spanId).endTime).toBe(got.endTime);
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 7 });
      expect(await usage(w.workspaceId)).toBe(1);
    });

    check('a batch resending spans of a batch still in flight, with a new trace: the resend lands after it, both exact', async () => {
      const w = await workspace();
      const t0 = Date.now() - 600_000;
      const traceId = newTraceId();
      const root = rootAt(traceId, t0, 1);
      const child = span({ traceId, parentSpanId: root.spanId, name: 'child', startTime: isoUs(t0 + 10), endTime: isoUs(t0 + 500) });
      const { done: first, release } = await inFlight(w.workspaceId, [root, child]);
      const counted = await gateCounted();
      // the flush retried while the first is still in flight: its child again, now failed and ending later, and a new trace
      const fresh = trace(1);
      const retry = { ...child, status: 'error' as const, statusMessage: 'timeout', endTime: isoUs(t0 + 5000) };
      let secondDone = false;
      const second = write(w.workspaceId, normalized([retry, ...fresh])).then((o) => {
        secondDone = true;
        return o;
      });
      // it waits in the store's TraceGate, and no backend of the database waits on a lock (without the gate it would
      // wait in its upsert on the in-flight write's trace row, holding the locks it took before it)
      expect(
        await eventually(async () => (await gateWaits()) > 0 && (await lockWaiters()) === 0, {
          timeoutMs: 10_000,
          intervalMs: 20,
          what: 'the second write waiting in the gate, no backend waiting on a lock',
        }),
      ).toBe(true);
      expect(secondDone).toBe(false);
      release();
      const [a, b] = await Promise.all([first, second]);
      // the wait is counted on /metrics: one batch, for as long as the first was held
      const after = await gateCounted();
      expect(after.waits).toBe(counted.waits + 1);
      expect(after.seconds).toBeGreaterThan(counted.seconds);
      expect(a.newTraceIds).toEqual([traceId]);
      expect(b.newTraceIds).toEqual([fresh[0].traceId]);
      expect(b.firstErrorTraceIds).toEqual([traceId]);
      expect(await detail(w.key, traceId)).toMatchObject({ spanCount: 2, status: 'error', endTime: isoUs(t0 + 5000), totalTokens: 2 });
      expect(await detail(w.key, fresh[0].traceId)).toMatchObject({ spanCount: 2, name: fresh[0].name });
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 2, spans: 4 });
    });

    check(
      'a write held up by a stuck in-flight write of its process gives up waiting after the timeout, reports it, and is exact',
      async () => {
        const w = await workspace();
        const t0 = Date.now() - 700_000;
        const root = rootAt(newTraceId(), t0, 1);
        const { done: stuck, release } = await inFlight(w.workspaceId, [root]);
        const reported = async () =>
          Number(/swallowed_errors_total\{where="ingest.trace-gate"\} (\d+)/.exec((await t.http.get('/metrics')).text)?.[1] ?? 0);
        const before = await reported();
        const second = write(w.workspaceId, normalized([{ ...root, endTime: isoUs(t0 + 9000) }, ...trace(1)]));
        // out of the gate after its timeout, and waiting in the database on the stuck write's trace row
        expect(
          await eventually(async () => (await gateWaits()) === 0 && (await lockWaiters()) === 1, {
            timeoutMs: 15_000,
            intervalMs: 20,
            what: 'the second write out of the gate, waiting on a lock',
          }),
        ).toBe(true);
        expect(await reported()).toBe(before + 1);
        release();
        await Promise.all([stuck, second]);
        expect(await detail(w.key, root.traceId)).toMatchObject({ spanCount: 1, endTime: isoUs(t0 + 9000) });
        expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 2, spans: 3 });
      },
    );

    check('quota: a new trace counts once; a batch over it is 402 with nothing stored, its spans of counted traces included', async () => {
      const w = await workspace();
      await setTraceQuota(t, w.workspaceId, 3);
      const a = trace(1);
      const b = trace(1);
      expect((await ingest(t, w.key, [...a, ...b])).body.accepted).toBe(4);
      const late = span({ traceId: a[0].traceId, parentSpanId: a[0].spanId, name: 'late', costUsd: 7 });
      const refused = [...trace(1), ...trace(1)];
      expectProblem(await ingest(t, w.key, [late, ...refused]), 402, 'plan_limit_exceeded');
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 2, spans: 4 });
      expect(await usage(w.workspaceId)).toBe(2);
      expect(await detail(w.key, a[0].traceId)).toMatchObject({ spanCount: 2, totalCostUsd: 0.001 });
      expect((await t.http.get(`/api/v1/traces/${refused[0].traceId}`, { token: w.key })).status).toBe(404);
      // reaching the quota exactly is fine; past it only spans of counted traces get in
      expect((await ingest(t, w.key, [late, ...trace(1)])).body.accepted).toBe(3);
      expectProblem(await ingest(t, w.key, trace(0)), 402, 'plan_limit_exceeded');
      expect((await ingest(t, w.key, [span({ traceId: b[0].traceId, parentSpanId: b[0].spanId })])).body.accepted).toBe(1);
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 3, spans: 8 });
      expect(await usage(w.workspaceId)).toBe(3);
    });

    check('a write refused at commit (beforeCommit throws) leaves nothing of it: new traces gone, existing ones as before', async () => {
      const w = await workspace();
      const old = trace(2);
      await ingest(t, w.key, old);
      const before = await detail(w.key, old[0].traceId);
      const resent = { ...old[1], name: 'changed', output: { replaced: true }, costUsd: 3, status: 'error' };
      const added = span({ traceId: old[0].traceId, parentSpanId: old[0].spanId, name: 'added' });
      const fresh = trace(1);
      const refusal = new Error('refused');
      // refused up front (as the quota refuses a batch), then refused only at the last moment (as when a
      // concurrent batch took the last traces of the quota after a rehearsal passed)
      for (const passes of [0, backend.rehearsals]) {
        let calls = 0;
        await expect(
          write(w.workspaceId, normalized([resent, added, ...fresh]), async (o) => {
            expect(o.newTraceIds).toEqual([fresh[0].traceId]);
            if (++calls > passes) throw refusal;
          }),
        ).rejects.toBe(refusal);
        expect(calls).toBe(passes + 1);
        expect(await detail(w.key, old[0].traceId)).toEqual(before);
        expect((await t.http.get(`/api/v1/traces/${fresh[0].traceId}`, { token: w.key })).status).toBe(404);
        expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 1, spans: 3 });
      }
      // and the same write accepted afterwards is stored whole, the resent span replacing the old one
      const outcome = await write(w.workspaceId, normalized([resent, added, ...fresh]));
      expect(outcome).toMatchObject({ newTraceIds: [fresh[0].traceId], firstErrorTraceIds: [old[0].traceId], storedSpans: 4 });
      expect(await detail(w.key, old[0].traceId)).toMatchObject({ spanCount: 4, status: 'error' });
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: 2, spans: 6 });
    });

    check('sampling: dropped new traces are accepted but neither stored nor counted; stored traces keep every span', async () => {
      const w = await workspace();
      await t.http.put('/api/v1/workspace', { settings: { samplingRate: 0.5 } }, { token: w.token });
      const traces = Array.from({ length: 40 }, () => trace(1));
      expect((await ingest(t, w.key, traces.flat())).body).toEqual({ accepted: 80, errors: [] });
      const kept = traces.filter((tr) => keepTrace(tr[0].traceId, 0.5)).map((tr) => tr[0].traceId);
      expect(kept.length).toBeGreaterThan(5);
      expect(kept.length).toBeLessThan(35);
      expect((await list(w.key)).map((r: any) => r.traceId).sort()).toEqual([...kept].sort());
      expect(await usage(w.workspaceId)).toBe(kept.length);
      await t.http.put('/api/v1/workspace', { settings: { samplingRate: 0 } }, { token: w.token });
      expect((await ingest(t, w.key, [span({ traceId: kept[0] }), ...trace(1)])).body.accepted).toBe(3);
      expect(await backend.counts(t, w.workspaceId)).toEqual({ traces: kept.length, spans: kept.length * 2 + 1 });
    });

    check('PII masking happens before the store: the stored input holds no e-mail address', async () => {
      const w = await workspace();
      await t.http.put('/api/v1/workspace', { settings: { piiMasking: true } }, { token: w.token });
      const s = span({ input: { prompt: 'write to ada@example.com' }, output: 'call +1 (555) 123-4567' });
      await ingest(t, w.key, [s]);
      const raw = await backend.storedInput(t, w.workspaceId, s.spanId);
      expect(raw).toContain('[redacted]');
      expect(raw).not.toContain('ada@example.com');
      expect((await detail(w.key, s.traceId)).spans[0].output).not.toContain('555');
    });

    check(
      'the list: newest first, a keyset cursor that neither skips nor repeats on equal start times, status and time filters',
      async () => {
        const w = await workspace();
        const spans = Array.from({ length: 7 }, (_, i) => {
          const start = Date.now() - (i + 1) * 60_000;
          return span({
            startTime: isoUs(start),
            endTime: isoUs(start + 100),
            status: i % 3 ? 'ok' : 'error',
          });
        });
        spans.push(span({ startTime: spans[2].startTime, endTime: spans[2].endTime }), span({ startTime: spans[2].startTime }));
        await ingest(t, w.key, spans);
        const seen: any[] = [];
        let cursor: string | null = null;
        do {
          const res: any = await t.http.get(`/api/v1/traces?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: w.key });
          seen.push(...res.body.data);
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(seen.map((r) => r.traceId).sort()).toEqual(spans.map((s) => s.traceId).sort());
        const order = seen.map((r) => [r.startTime, r.traceId]);
        expect(order).toEqual([...order].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? 1 : -1) : a[0] < b[0] ? 1 : -1)));
        expect((await list(w.key, '&status=error')).map((r: any) => r.traceId).sort()).toEqual(
          [spans[0], spans[3], spans[6]].map((s) => s.traceId).sort(),
        );
        const [from, to] = [spans[4].startTime, spans[1].startTime];
        expect((await list(w.key, `&from=${from}&to=${to}`)).map((r: any) => r.traceId)).toEqual(
          seen.filter((r) => r.startTime >= from && r.startTime < to).map((r) => r.traceId),
        );
      },
    );

    check(
      'list filters: name (root, case-insensitive substring), kind (root), model (any span), minimum duration and cost',
      async () => {
        const w = await workspace();
        const a = trace(2, { name: 'Checkout-Agent' }); // root agent, models gpt-4o-mini, 10 s, cost 0.002
        const b = trace(0, { name: 'search', kind: 'chain', endTime: at(-119_500) }); // 0.5 s, no cost
        const c = trace(1, { name: 'refund agent' });
        c[1].model = 'claude-x';
        c[1].costUsd = 2;
        await ingest(t, w.key, [...a, ...b, ...c]);
        const ids = async (filter: Record<string, unknown>) =>
          (await store().listTraces(w.workspaceId, { limit: 50, ...filter })).map((r) => r.traceId).sort();
        const sorted = (...xs: SpanInput[][]) => xs.map((x) => x[0].traceId).sort();
        expect(await ids({ name: 'AGENT' })).toEqual(sorted(a, c));
        expect(await ids({ name: 'llm' })).toEqual([]);
        expect(await ids({ kind: 'chain' })).toEqual(sorted(b));
        expect(await ids({ model: 'claude-x' })).toEqual(sorted(c));
        expect(await ids({ model: 'gpt-4o-mini' })).toEqual(sorted(a));
        expect(await ids({ minDurationMs: 1000 })).toEqual(sorted(a, c));
        expect(await ids({ minCostUsd: 0.5 })).toEqual(sorted(c));
        expect(await ids({ minCostUsd: 0.002 })).toEqual(sorted(a, c));
        expect(await ids({ name: 'agent', minCostUsd: 1, status: 'ok' })).toEqual(sorted(c));
        expect(await ids({ name: '%' })).toEqual([]); // a literal substring, not a pattern
        expect(await ids({ kind: 'agent', model: 'claude-x', minDurationMs: 1000 })).toEqual(sorted(c));
        // the list shows the root's kind and the models, the same through the API
        const listed = await list(w.key);
        expect(listed.find((r: any) => r.traceId === c[0].traceId)).toMatchObject({
          name: 'refund agent',
          kind: 'agent',
          models: ['claude-x'],
        });
        expect(listed.find((r: any) => r.traceId === b[0].traceId)).toMatchObject({ kind: 'chain', models: [] });
        // the filters hold across pages of the cursor
        const pageIds: string[] = [];
        let cursor: string | null = null;
        do {
          const res: any = await t.http.get(`/api/v1/traces?limit=1&minDurationMs=1000${cursor ? `&cursor=${cursor}` : ''}`, {
            token: w.key,
          });
          pageIds.push(...res.body.data.map((r: any) => r.traceId));
          cursor = res.body.nextCursor;
        } while (cursor);
        expect(pageIds.sort()).toEqual(sorted(a, c));
      },
      'listFilters',
    );

    check(
      'stats: buckets with traces, errors, p50/p95 duration, tokens and cost; filters apply',
      async () => {
        const w = await workspace();
        const hour = Math.floor(Date.now() / 3600_000) * 3600_000 - 5 * 3600_000;
        const mk = (offset: number, durationMs: number, status = 'ok', costUsd: number | null = null) =>
          span({
            startTime: isoUs(hour + offset),
            endTime: isoUs(hour + offset + durationMs),
            status,
            costUsd,
            usage: { inputTokens: 1, outputTokens: 1 },
          });
        await ingest(t, w.key, [mk(1000, 100), mk(2000, 200, 'error', 0.5), mk(3000, 300), mk(4000, 400), mk(3600_000 + 10, 1000)]);
        const buckets = await store().traceStats(w.workspaceId, {
          fromUs: hour * 1000,
          toUs: (hour + 3 * 3600_000) * 1000,
          bucketSeconds: 3600,
        });
        expect(buckets).toHaveLength(2);
        expect(buckets[0]).toMatchObject({ startUs: hour * 1000, traces: 4, errors: 1, totalTokens: 8 });
        expect(buckets[0].p50DurationMs).toBeCloseTo(250, 6);
        expect(buckets[0].p95DurationMs).toBeCloseTo(385, 6);
        expect(buckets[0].totalCostUsd).toBeCloseTo(0.5, 9);
        expect(buckets[1]).toMatchObject({
          startUs: (hour + 3600_000) * 1000,
          traces: 1,
          errors: 0,
          p50DurationMs: 1000,
          totalCostUsd: null,
        });
        const errors = await store().traceStats(w.workspaceId, {
          fromUs: hour * 1000,
          toUs: (hour + 3 * 3600_000) * 1000,
          bucketSeconds: 60,
          status: 'error',
        });
        expect(errors).toEqual([expect.objectContaining({ startUs: hour * 1000, traces: 1, errors: 1, p50DurationMs: 200 })]);
      },
      'stats',
    );

    check('microsecond times: kept exactly through the API, siblings a few µs apart stay in order', async () => {
      const w = await workspace();
      const traceId = newTraceId();
      const base = Date.now() - 60_000;
      const spans = [0, 1, 2].map((i) =>
        span({ traceId, name: `s${i}`, startTime: isoUs(base, 106 - 3 * i), endTime: isoUs(base + 1, i) }),
      );
      await ingest(t, w.key, spans);
      const got = await detail(w.key, traceId);
      expect(got.spans.map((s: any) => [s.name, s.startTime, s.endTime])).toEqual(
        [2, 1, 0].map((i) => [`s${i}`, spans[i].startTime, spans[i].endTime]),
      );
      expect(got).toMatchObject({ startTime: isoUs(base, 100), endTime: isoUs(base + 1, 2) });
      expect(got.durationMs).toBeCloseTo(0.902, 9);
      const listed = (await list(w.key)).find((r: any) => r.traceId === traceId);
      expect(listed.startTime).toBe(isoUs(base, 100));
      const direct = await store().getTrace(w.workspaceId, traceId, 10);
      expect(direct?.spans.map((s) => s.startUs)).toEqual([100, 103, 106].map((us) => base * 1000 + us));
    });

    check('totalCostUsd is null when no span has a cost (unknown is not zero)', async () => {
      const w = await workspace();
      const s = span();
      await ingest(t, w.key, [s]);
      expect((await detail(w.key, s.traceId)).totalCostUsd).toBeNull();
      expect((await list(w.key))[0].totalCostUsd).toBeNull();
      await ingest(t, w.key, [span({ traceId: s.traceId, costUsd: 0 })]);
      expect((await detail(w.key, s.traceId)).totalCostUsd).toBe(0);
    });

    check('a workspace sees only its own traces; one trace id in two workspaces is two traces', async () => {
      const a = await workspace();
      const b = await workspace();
      const theirs = trace(1);
      await ingest(t, b.key, theirs);
      expect((await t.http.get(`/api/v1/traces/${theirs[0].traceId}`, { token: a.key })).status).toBe(404);
      await ingest(t, a.key, [span({ traceId: theirs[0].traceId, name: 'a-side' })]);
      expect((await detail(a.key, theirs[0].traceId)).spans.map((s: any) => s.name)).toEqual(['a-side']);
      expect((await detail(b.key, theirs[0].traceId)).spanCount).toBe(2);
      expect(await list(a.key)).toHaveLength(1);
    });

    check('retention: min(plan, workspace) days, spans go with their trace, months no workspace needs are dropped', async () => {
      const processor = t.app.get(IngestionProcessor);
      const free = await workspace(); // free plan 14 days
      const short = await workspace();
      await t.http.put('/api/v1/workspace', { settings: { retentionDays: 3 } }, { token: short.token });
      const oneSpan = (ago: number) => span({ startTime: isoUs(Date.now() - ago), endTime: null });
      const sent = new Map<string, SpanInput[]>();
      for (const w of [free, short]) {
        const spans = [1, 5, 20, 300].map((d) => oneSpan(d * DAY));
        sent.set(w.workspaceId, spans);
        await ingest(t, w.key, spans);
        await ingest(t, w.key, [span({ traceId: spans[3].traceId, spanId: newSpanId(), startTime: spans[3].startTime })]);
      }
      const result = await (processor.applyRetention as (job: unknown) => ReturnType<IngestionProcessor['applyRetention']>)({
        name: JobName.ApplyTraceRetention,
        data: {},
      });
      const ids = async (w: { key: string }) => (await list(w.key)).map((r: any) => r.traceId).sort();
      const first = (w: { workspaceId: string }, n: number) =>
        sent
          .get(w.workspaceId)!
          .slice(0, n)
          .map((s) => s.traceId)
          .sort();
      expect(await ids(free)).toEqual(first(free, 2));
      expect(await ids(short)).toEqual(first(short, 1));
      expect(await backend.counts(t, free.workspaceId)).toEqual({ traces: 2, spans: 2 });
      expect(await backend.counts(t, short.workspaceId)).toEqual({ traces: 1, spans: 1 });
      expect(result.droppedPartitions).toContain(backend.periodName(Date.now() - 300 * DAY));
      expect(await processor.applyRetention()).toEqual({ droppedPartitions: [], deletedTraces: 0 });
      // a span of a month that was dropped still gets in, as a new trace
      expect((await ingest(t, free.key, [oneSpan(300 * DAY)])).body.accepted).toBe(1);
      expect(await backend.counts(t, free.workspaceId)).toEqual({ traces: 3, spans: 3 });
    });

    check(
      'windowMetrics (alert rules): count, errors, p95 of ended traces and cost over a window, with name, kind and model filters',
      async () => {
        const w = await workspace();
        const base = Date.now() - 10 * 60_000;
        const root = (i: number, over: Partial<SpanInput> = {}) =>
          span({
            name: i % 2 ? 'Checkout agent' : 'search',
            kind: i % 2 ? 'agent' : 'tool',
            startTime: isoUs(base + i),
            endTime: isoUs(base + i + 100 * (i + 1)),
            status: i < 3 ? 'error' : 'ok',
            ...over,
          });
        const roots = Array.from({ length: 10 }, (_, i) => root(i));
        const llm = span({
          traceId: roots[1].traceId,
          parentSpanId: roots[1].spanId,
          kind: 'llm',
          model: 'gpt-4o',
          costUsd: 0.25,
          startTime: isoUs(base + 5),
          endTime: isoUs(base + 6),
        });
        const open = span({ name: 'still running', startTime: isoUs(base + 20), endTime: null });
        const old = span({ startTime: isoUs(base - 60 * 60_000), endTime: isoUs(base - 60 * 60_000 + 5), status: 'error' });
        expect((await ingest(t, w.key, [...roots, llm, open, old])).body.accepted).toBe(13);
        const window = { fromUs: (base - 60_000) * 1000, toUs: Date.now() * 1000 };
        const all = await store().windowMetrics(w.workspaceId, window);
        expect({ ...all, p95DurationMs: undefined }).toEqual({ traces: 11, errors: 3, p95DurationMs: undefined, costUsd: 0.25 });
        // durations 100..1000 ms (the running trace has none): linear interpolation at rank 0.95 * 9
        expect(all.p95DurationMs).toBeCloseTo(955, 3);
        expect(await store().windowMetrics(w.workspaceId, { ...window, kind: 'agent' })).toMatchObject({ traces: 5, errors: 1 });
        expect(await store().windowMetrics(w.workspaceId, { ...window, name: 'CHECKOUT' })).toMatchObject({ traces: 5 });
        expect(await store().windowMetrics(w.workspaceId, { ...window, name: '%' })).toMatchObject({ traces: 0 });
        expect(await store().windowMetrics(w.workspaceId, { ...window, model: 'gpt-4o' })).toMatchObject({ traces: 1, costUsd: 0.25 });
        expect(await store().windowMetrics(w.workspaceId, { fromUs: 0, toUs: 1 })).toEqual({
          traces: 0,
          errors: 0,
          p95DurationMs: null,
          costUsd: 0,
        });
      },
    );
  });
}
