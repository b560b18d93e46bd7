import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import { Counter } from 'prom-client';
import { DomainError } from '../../../../common/errors/domain-error';
import { jsonForStorage, NormalizedSpan, SpanKind, SpanStatus } from '../../span-model';
import {
  lastOfEach,
  RetentionReport,
  StoredSpan,
  TraceFilter,
  TraceListFilter,
  TraceStatsBucket,
  TraceStatsQuery,
  TraceStore,
  TraceSummaryRow,
  TraceWindowMetrics,
  TraceWindowQuery,
  WriteOptions,
  WriteOutcome,
} from '../trace-store';
import { INSERT_SETTINGS } from './client';
import { aggregate, combine, decimalOf, endUsOf, nanoOf, nanoOfDecimal, startUsOf, statusOf, TraceAgg } from './summary';
import { ClaimedTrace, TraceClaim, TraceRegistry } from './trace-registry';
import { GateWaitCounters, TraceGate } from '../trace-gate';

const RETENTION_CHUNK = 1000;
const EMPTY: WriteOutcome = { newTraceIds: [], firstErrorTraceIds: [], storedSpans: 0 };

/** Epoch µs as ClickHouse's DateTime64(6) text ('YYYY-MM-DD hh:mm:ss.ffffff', UTC). */
export function dateTime64(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDThh:mm:ss.mmmZ
  const micros = String(us - Math.floor(us / 1_000_000) * 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros}`;
}

function spanRow(workspaceId: string, s: NormalizedSpan, claim: ClaimedTrace) {
  const endUs = endUsOf(s);
  return {
    workspace_id: workspaceId,
    trace_id: s.traceId,
    span_id: s.spanId,
    trace_time: dateTime64(claim.traceTimeUs),
    parent_span_id: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    start_time: dateTime64(startUsOf(s)),
    end_time: endUs === null ? null : dateTime64(endUs),
    status: s.status,
    status_message: s.statusMessage,
    input: jsonForStorage(s.input),
    output: jsonForStorage(s.output),
    attributes: jsonForStorage(s.attributes),
    model: s.model,
    input_tokens: s.usage ? s.usage.inputTokens : null,
    output_tokens: s.usage ? s.usage.outputTokens : null,
    total_tokens: s.usage ? s.usage.totalTokens : null,
    cost_usd: s.costUsd === null ? null : decimalOf(nanoOf(s.costUsd)),
    version: claim.version,
  };
}

function traceRow(workspaceId: string, claim: ClaimedTrace, a: TraceAgg, version = claim.version) {
  return {
    workspace_id: workspaceId,
    trace_id: claim.traceId,
    trace_time: dateTime64(claim.traceTimeUs),
    start_time: dateTime64(a.startUs),
    end_time: a.endUs === null ? null : dateTime64(a.endUs),
    duration_us: a.endUs === null ? null : Math.max(0, a.endUs - a.startUs),
    name: a.root.name,
    kind: a.root.kind,
    status: statusOf(a),
    span_count: a.spanCount,
    input_tokens: a.inputTokens,
    output_tokens: a.outputTokens,
    total_tokens: a.totalTokens,
    total_cost_usd: a.costNano === null ? null : decimalOf(a.costNano),
    models: [...a.models].sort(),
    version,
  };
}

/** A stored span row (JSONEachRow, 64-bit integers and decimals quoted) as a summary part. */
function aggOfRow(r: StoredSpanRow): TraceAgg {
  const startUs = Number(r.start_us);
  return {
    startUs,
    endUs: r.end_us === null ? null : Number(r.end_us),
    root: { child: r.parent_span_id !== null, startUs, spanId: r.span_id, name: r.name, kind: r.kind },
    errors: r.status === 'error' ? 1 : 0,
    oks: r.status === 'ok' ? 1 : 0,
    spanCount: 1,
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    totalTokens: Number(r.total_tokens ?? 0),
    costNano: r.cost_usd === null ? null : nanoOfDecimal(r.cost_usd),
    models: new Set(r.model === null ? [] : [r.model]),
  };
}

interface StoredSpanRow {
  workspace_id: string;
  trace_id: string;
  span_id: string;
  trace_time: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_time: string;
  end_time: string | null;
  start_us: string;
  end_us: string | null;
  status: SpanStatus;
  status_message: string | null;
  input: string | null;
  output: string | null;
  attributes: string | null;
  model: string | null;
  input_tokens: string | null;
  output_tokens: string | null;
  total_tokens: string | null;
  cost_usd: string | null;
  version: string;
}

interface PriorAggRow {
  trace_id: string;
  start_us: string;
  end_us: string | null;
  root: [number, string, string, string, string];
  errors: string;
  oks: string;
  span_count: string;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  cost: string | null;
  models: string[];
}

interface SummaryRow {
  trace_id: string;
  name: string;
  kind: string;
  start_us: string;
  end_us: string | null;
  trace_us: string;
  status: SpanStatus;
  span_count: number;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  cost: string | null;
  models: string[];
}

const SUMMARY_COLUMNS = `trace_id, name, kind, toUnixTimestamp64Micro(start_time) AS start_us, toUnixTimestamp64Micro(end_time) AS end_us,
  toUnixTimestamp64Micro(trace_time) AS trace_us, status, span_count, input_tokens, output_tokens, total_tokens,
  toString(total_cost_usd) AS cost, models`;

const SPAN_COLUMNS = `workspace_id, trace_id, span_id, trace_time, parent_span_id, name, kind, start_time, end_time,
  toUnixTimestamp64Micro(start_time) AS start_us, toUnixTimestamp64Micro(end_time) AS end_us, status, status_message, input, output,
  attributes, model, input_tokens, output_tokens, total_tokens, toString(cost_usd) AS cost_usd, version`;

const parseJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function toSummary(r: SummaryRow): TraceSummaryRow {
  const startUs = Number(r.start_us);
  const endUs = r.end_us === null ? null : Number(r.end_us);
  const costUsd = r.cost === null ? null : Number(r.cost);
  return {
    traceId: r.trace_id,
    name: r.name,
    kind: (r.kind || null) as SpanKind | null,
    startUs,
    endUs,
    status: r.status,
    spanCount: Number(r.span_count),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    totalTokens: Number(r.total_tokens),
    totalCostUsd: costUsd,
    models: r.models,
  };
}

/** WHERE conditions and parameters of the list filters, on `traces` (all optional but the workspace). */
function filterSql(workspaceId: string, f: TraceFilter) {
  const where = ['workspace_id = {w:UUID}'];
  const params: Record<string, unknown> = { w: workspaceId };
  if (f.status) {
    where.push('status = {status:String}');
    params.status = f.status;
  }
  if (f.fromUs !== undefined) {
    // a trace's partition time is never before its start: the bound prunes partitions too
    where.push(
      `start_time >= fromUnixTimestamp64Micro({fromUs:Int64}, 'UTC') AND trace_time >= fromUnixTimestamp64Micro({fromUs:Int64}, 'UTC')`,
    );
    params.fromUs = f.fromUs;
  }
  if (f.toUs !== undefined) {
    where.push(`start_time < fromUnixTimestamp64Micro({toUs:Int64}, 'UTC')`);
    params.toUs = f.toUs;
  }
  if (f.name) {
    where.push('positionCaseInsensitiveUTF8(name, {name:String}) > 0');
    params.name = f.name;
  }
  if (f.kind) {
    where.push('kind = {kind:String}');
    params.kind = f.kind;
  }
  if (f.model) {
    where.push('has(models, {model:String})');
    params.model = f.model;
  }
  if (f.minDurationMs !== undefined) {
    where.push('duration_us >= {minDurationUs:Int64}');
    params.minDurationUs = Math.ceil(f.minDurationMs * 1000);
  }
  if (f.minCostUsd !== undefined) {
    where.push('total_cost_usd >= toDecimal64({minCost:String}, 9)');
    params.minCost = decimalOf(BigInt(Math.ceil(f.minCostUsd * 1e9)));
  }
  return { where, params };
}

/**
 * Trace storage on ClickHouse (TRACE_STORE=clickhouse), behind the same port and with the same behaviour through
 * the API as Postgres. A write:
 *  1. claims the batch's traces in the registry (Postgres: new or not, first error, version; per-trace row locks);
 *  2. reads, for traces that already existed, the summary of their stored spans that the batch does not replace
 *     (and the rows it replaces, to undo the write if needed);
 *  3. inserts the spans and the traces' exact summaries into ClickHouse (two inserts, async_insert with
 *     wait_for_async_insert: answered once written);
 *  4. runs `beforeCommit` (quota reservation — the only workspace-wide lock, taken after the ClickHouse insert —
 *     and the outbox events) and commits the registry.
 * When the batch creates traces, `beforeCommit` is first rehearsed before step 2 and rolled back (a savepoint): a
 * batch over the quota is refused (402) before anything reaches ClickHouse, without holding the quota lock.
 * If step 3 fails the batch answers 503 and nothing is counted (the registry rolls back). If step 4 throws (402:
 * a concurrent batch took the last traces since the rehearsal) or the commit fails, the ClickHouse rows of this
 * write are removed again: new traces deleted, the replaced rows and previous summaries of existing ones put back,
 * so nothing of the batch stays stored.
 */
export class ClickHouseTraceStore implements TraceStore, OnModuleDestroy {
  private readonly logger = new Logger('ClickHouseTraceStore');
  /** this process's batches being written, by trace (see TraceGate) */
  private readonly gate: TraceGate;

  /** Batches of this process waiting in the TraceGate right now (tests). */
  get gateWaits(): number {
    return this.gate.waiting;
  }

  constructor(
    private readonly ch: ClickHouseClient,
    private readonly registry: TraceRegistry,
    private readonly failures?: Counter<'operation'>,
    gateCounters?: GateWaitCounters,
  ) {
    this.gate = new TraceGate(gateCounters);
  }

  /** Runs a ClickHouse call; a failure is logged, counted and answered 503 (the caller may retry). */
  private async guard<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      this.failures?.inc({ operation });
      const e = err as Error & { code?: string; type?: string };
      this.logger.error({ operation, code: e.code, type: e.type, err: e.message?.slice(0, 300) }, 'ClickHouse call failed');
      throw new DomainError('upstream_unavailable', 'Trace storage is unavailable right now; retry later');
    }
  }

  async write(workspaceId: string, input: NormalizedSpan[], options: WriteOptions): Promise<WriteOutcome> {
    const spans = lastOfEach(input);
    if (!spans.length) return EMPTY;
    const batch = aggregate(spans);
    const claims: TraceClaim[] = [...batch].map(([traceId, a]) => ({ traceId, firstStartUs: a.startUs, hasError: a.errors > 0 }));
    // earlier batches of this process writing some of these traces: wait for them first, holding no lock (TraceGate)
    return this.gate.run(workspaceId, batch.keys(), () => this.writeClaimed(workspaceId, spans, batch, claims, options));
  }

  private async writeClaimed(
    workspaceId: string,
    spans: NormalizedSpan[],
    batch: Map<string, TraceAgg>,
    claims: TraceClaim[],
    options: WriteOptions,
  ): Promise<WriteOutcome> {
    let undo: (() => Promise<void>) | null = null;
    try {
      return await this.registry.transaction(async (tx) => {
        const claimed = await this.registry.claim(tx, workspaceId, claims, options.dropIfNew);
        const byTrace = new Map(claimed.map((c) => [c.traceId, c]));
        const kept = spans.filter((s) => byTrace.has(s.traceId));
        const outcome: WriteOutcome = {
          newTraceIds: claimed.filter((c) => c.inserted).map((c) => c.traceId),
          firstErrorTraceIds: claimed.filter((c) => c.firstError).map((c) => c.traceId),
          storedSpans: kept.length,
        };
        // New traces may pass the quota: ask first (rolled back), so such a batch never reaches ClickHouse
        if (outcome.newTraceIds.length) await this.registry.rehearse(tx, () => options.beforeCommit(outcome, tx));
        if (kept.length) {
          const existing = claimed.filter((c) => !c.inserted);
          const prior = existing.length
            ? await this.prior(workspaceId, existing, kept)
            : { aggs: new Map<string, TraceAgg>(), replaced: [] };
          const traces = claimed.map((c) => {
            const mine = batch.get(c.traceId) as TraceAgg;
            const before = prior.aggs.get(c.traceId);
            return traceRow(workspaceId, c, before ? combine(before, mine) : mine);
          });
          undo = () => this.undo(workspaceId, claimed, prior);
          await this.guard('write', () =>
            Promise.all([
              this.ch.insert({
                table: 'spans',
                values: kept.map((s) => spanRow(workspaceId, s, byTrace.get(s.traceId) as ClaimedTrace)),
                format: 'JSONEachRow',
                clickhouse_settings: INSERT_SETTINGS,
              }),
              this.ch.insert({ table: 'traces', values: traces, format: 'JSONEachRow', clickhouse_settings: INSERT_SETTINGS }),
            ]),
          );
        }
        await options.beforeCommit(outcome, tx);
        return outcome;
      });
    } catch (err) {
      const pending = undo as (() => Promise<void>) | null;
      if (pending) {
        await pending().catch((e: Error) => {
          this.failures?.inc({ operation: 'undo' });
          this.logger.error({ workspaceId, err: e.message?.slice(0, 300) }, 'could not remove the rows of a refused trace batch');
        });
      }
      throw err;
    }
  }

  /**
   * For traces that already exist: the summary of their stored spans less those the batch replaces, and the
   * replaced rows as stored (re-inserted if the write is undone).
   */
  private async prior(workspaceId: string, existing: ClaimedTrace[], kept: NormalizedSpan[]) {
    const ids = existing.map((c) => c.traceId);
    const mine = new Set(ids);
    const keys = kept.filter((s) => mine.has(s.traceId)).map((s) => s.traceId + s.spanId);
    const times = existing.map((c) => c.traceTimeUs);
    const params = { w: workspaceId, ids, keys, minT: Math.min(...times), maxT: Math.max(...times) };
    const scope = `workspace_id = {w:UUID} AND trace_id IN {ids:Array(String)}
      AND trace_time BETWEEN fromUnixTimestamp64Micro({minT:Int64}, 'UTC') AND fromUnixTimestamp64Micro({maxT:Int64}, 'UTC')`;
    const [aggRows, replaced] = await this.guard('read', () =>
      Promise.all([
        this.ch
          .query({
            query: `SELECT trace_id, toUnixTimestamp64Micro(min(start_time)) AS start_us, toUnixTimestamp64Micro(max(end_time)) AS end_us,
                argMin(tuple(isNotNull(parent_span_id), toUnixTimestamp64Micro(start_time), span_id, name, kind),
                       tuple(isNotNull(parent_span_id), start_time, span_id)) AS root,
                countIf(status = 'error') AS errors, countIf(status = 'ok') AS oks, count() AS span_count,
                sum(ifNull(input_tokens, 0)) AS input_tokens, sum(ifNull(output_tokens, 0)) AS output_tokens,
                sum(ifNull(total_tokens, 0)) AS total_tokens, toString(sum(cost_usd)) AS cost,
                groupUniqArrayIf(assumeNotNull(model), isNotNull(model)) AS models
              FROM spans FINAL WHERE ${scope} AND NOT has({keys:Array(String)}, concat(trace_id, span_id)) GROUP BY trace_id`,
            query_params: params,
            format: 'JSONEachRow',
          })
          .then((r) => r.json<PriorAggRow>()),
        this.ch
          .query({
            query: `SELECT ${SPAN_COLUMNS} FROM spans FINAL WHERE ${scope} AND has({keys:Array(String)}, concat(trace_id, span_id))`,
            query_params: params,
            format: 'JSONEachRow',
          })
          .then((r) => r.json<StoredSpanRow>()),
      ]),
    );
    const aggs = new Map<string, TraceAgg>();
    for (const r of aggRows) {
      aggs.set(r.trace_id, {
        startUs: Number(r.start_us),
        endUs: r.end_us === null ? null : Number(r.end_us),
        root: { child: Boolean(Number(r.root[0])), startUs: Number(r.root[1]), spanId: r.root[2], name: r.root[3], kind: r.root[4] },
        errors: Number(r.errors),
        oks: Number(r.oks),
        spanCount: Number(r.span_count),
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
        totalTokens: Number(r.total_tokens),
        costNano: r.cost === null ? null : nanoOfDecimal(r.cost),
        models: new Set(r.models),
      });
    }
    return { aggs, replaced };
  }

  /** Removes what a write put into ClickHouse: new traces entirely, and existing traces back to their previous rows. */
  private async undo(workspaceId: string, claimed: ClaimedTrace[], prior: { aggs: Map<string, TraceAgg>; replaced: StoredSpanRow[] }) {
    const created = claimed.filter((c) => c.inserted).map((c) => c.traceId);
    const existing = claimed.filter((c) => !c.inserted);
    for (const table of ['spans', 'traces']) {
      if (created.length) {
        await this.ch.command({
          query: `DELETE FROM ${table} WHERE workspace_id = {w:UUID} AND trace_id IN {ids:Array(String)}`,
          query_params: { w: workspaceId, ids: created },
        });
      }
      if (existing.length) {
        await this.ch.command({
          query: `DELETE FROM ${table} WHERE workspace_id = {w:UUID} AND trace_id IN {ids:Array(String)}
            AND has({keys:Array(String)}, concat(trace_id, ':', toString(version)))`,
          query_params: { w: workspaceId, ids: existing.map((c) => c.traceId), keys: existing.map((c) => `${c.traceId}:${c.version}`) },
        });
      }
    }
    if (!existing.length) return;
    const oldRows = prior.replaced.map(({ start_us: _s, end_us: _e, ...row }) => row);
    if (oldRows.length) await this.ch.insert({ table: 'spans', values: oldRows, format: 'JSONEachRow' });
    const replacedAggs = new Map<string, TraceAgg>();
    for (const r of prior.replaced) {
      const seen = replacedAggs.get(r.trace_id);
      replacedAggs.set(r.trace_id, seen ? combine(seen, aggOfRow(r)) : aggOfRow(r));
    }
    const oldSummaries = existing.flatMap((c) => {
      const kept = prior.aggs.get(c.traceId);
      const gone = replacedAggs.get(c.traceId);
      const agg = kept && gone ? combine(kept, gone) : (kept ?? gone);
      return agg ? [traceRow(workspaceId, c, agg, c.version - 1)] : [];
    });
    if (oldSummaries.length) await this.ch.insert({ table: 'traces', values: oldSummaries, format: 'JSONEachRow' });
  }

  async listTraces(workspaceId: string, f: TraceListFilter): Promise<TraceSummaryRow[]> {
    const { where, params } = filterSql(workspaceId, f);
    if (f.after) {
      where.push(`(start_time, trace_id) < (fromUnixTimestamp64Micro({afterUs:Int64}, 'UTC'), {afterId:String})`);
      params.afterUs = f.after.startUs;
      params.afterId = f.after.traceId;
    }
    params.limit = f.limit;
    const rows = await this.guard('read', async () =>
      (
        await this.ch.query({
          query: `SELECT ${SUMMARY_COLUMNS} FROM traces FINAL WHERE ${where.join(' AND ')} ORDER BY start_time DESC, trace_id DESC LIMIT {limit:UInt32}`,
          query_params: params,
          format: 'JSONEachRow',
        })
      ).json<SummaryRow>(),
    );
    return rows.map(toSummary);
  }

  /** Buckets of `bucketSeconds` (aligned on the epoch, UTC) over [from, to) with at least one trace. */
  async traceStats(workspaceId: string, q: TraceStatsQuery): Promise<TraceStatsBucket[]> {
    const { where, params } = filterSql(workspaceId, q);
    params.bucket = q.bucketSeconds;
    const rows = await this.guard('read', async () =>
      (
        await this.ch.query({
          query: `SELECT toUnixTimestamp64Micro(toDateTime64(toStartOfInterval(start_time, toIntervalSecond({bucket:UInt32})), 6, 'UTC')) AS start_us,
              count() AS traces, countIf(status = 'error') AS errors,
              quantileExactInclusiveOrNull(0.5)(duration_us) AS p50, quantileExactInclusiveOrNull(0.95)(duration_us) AS p95,
              sum(total_tokens) AS tokens, toString(sum(total_cost_usd)) AS cost
            FROM traces FINAL WHERE ${where.join(' AND ')} GROUP BY start_us ORDER BY start_us`,
          query_params: params,
          format: 'JSONEachRow',
        })
      ).json<{
        start_us: string;
        traces: string;
        errors: string;
        p50: number | null;
        p95: number | null;
        tokens: string;
        cost: string | null;
      }>(),
    );
    return rows.map((r) => ({
      startUs: Number(r.start_us),
      traces: Number(r.traces),
      errors: Number(r.errors),
      p50DurationMs: r.p50 === null ? null : Number(r.p50) / 1000,
      p95DurationMs: r.p95 === null ? null : Number(r.p95) / 1000,
      totalTokens: Number(r.tokens),
      totalCostUsd: r.cost === null ? null : Number(r.cost),
    }));
  }

  /** Aggregates of a window (alert rules): the same filters as the list, over the summaries' primary key range. */
  async windowMetrics(workspaceId: string, q: TraceWindowQuery): Promise<TraceWindowMetrics> {
    const { where, params } = filterSql(workspaceId, { ...q, kind: q.kind as SpanKind | undefined });
    const [row] = await this.guard('read', async () =>
      (
        await this.ch.query({
          query: `SELECT count() AS traces, countIf(status = 'error') AS errors,
              quantileExactInclusiveOrNull(0.95)(duration_us) AS p95, toFloat64(sum(total_cost_usd)) AS cost
            FROM traces FINAL WHERE ${where.join(' AND ')}`,
          query_params: params,
          format: 'JSONEachRow',
        })
      ).json<{ traces: string; errors: string; p95: number | null; cost: number | null }>(),
    );
    return {
      traces: Number(row?.traces ?? 0),
      errors: Number(row?.errors ?? 0),
      p95DurationMs: row?.p95 === null || row?.p95 === undefined ? null : Number(row.p95) / 1000,
      costUsd: Number(row?.cost ?? 0),
    };
  }

  async getTrace(workspaceId: string, traceId: string, maxSpans: number): Promise<{ trace: TraceSummaryRow; spans: StoredSpan[] } | null> {
    const [row] = await this.guard('read', async () =>
      (
        await this.ch.query({
          query: `SELECT ${SUMMARY_COLUMNS} FROM traces FINAL WHERE workspace_id = {w:UUID} AND trace_id = {t:String} LIMIT 1`,
          query_params: { w: workspaceId, t: traceId },
          format: 'JSONEachRow',
        })
      ).json<SummaryRow>(),
    );
    if (!row) return null;
    const rows = await this.guard('read', async () =>
      (
        await this.ch.query({
          query: `SELECT ${SPAN_COLUMNS} FROM spans FINAL
            WHERE workspace_id = {w:UUID} AND trace_id = {t:String} AND trace_time = fromUnixTimestamp64Micro({tt:Int64}, 'UTC')
            ORDER BY start_time, isNotNull(parent_span_id), span_id LIMIT {limit:UInt32}`,
          query_params: { w: workspaceId, t: traceId, tt: Number(row.trace_us), limit: maxSpans },
          format: 'JSONEachRow',
        })
      ).json<StoredSpanRow>(),
    );
    const spans = rows.map((r): StoredSpan => ({
      traceId: r.trace_id,
      spanId: r.span_id,
      parentSpanId: r.parent_span_id,
      name: r.name,
      kind: r.kind as StoredSpan['kind'],
      startUs: Number(r.start_us),
      endUs: r.end_us === null ? null : Number(r.end_us),
      status: r.status,
      statusMessage: r.status_message,
      input: parseJson(r.input),
      output: parseJson(r.output),
      attributes: parseJson(r.attributes) as Record<string, unknown> | null,
      model: r.model,
      usage:
        r.input_tokens === null && r.output_tokens === null && r.total_tokens === null
          ? null
          : {
              inputTokens: Number(r.input_tokens ?? 0),
              outputTokens: Number(r.output_tokens ?? 0),
              totalTokens: Number(r.total_tokens ?? 0),
            },
      costUsd: r.cost_usd === null ? null : Number(r.cost_usd),
    }));
    return { trace: toSummary(row), spans };
  }

  /** ClickHouse creates a month's partition with its first row: nothing to prepare. */
  async prepare(): Promise<string[]> {
    return [];
  }

  /**
   * Per workspace, its traces older than its cutoff (registry first, in chunks, then their rows); and whole month
   * partitions of both tables that end before `floor` (every workspace's cutoff is past them). Partitions are
   * reported by ClickHouse's id (YYYYMM).
   */
  async applyRetention(cutoffs: ReadonlyMap<string, Date>, floor: Date): Promise<RetentionReport> {
    const droppedPartitions = await this.dropMonthsBefore(floor);
    let deletedTraces = 0;
    for (const [workspaceId, cutoff] of cutoffs) deletedTraces += await this.deleteExpired(workspaceId, cutoff);
    return { droppedPartitions, deletedTraces };
  }

  /** Month partitions (YYYYMM) that hold data, oldest first. */
  private async months(): Promise<string[]> {
    const rows = await this.guard('read', async () =>
      (
        await this.ch.query({
          query: `SELECT DISTINCT partition_id AS id FROM system.parts WHERE database = currentDatabase() AND table IN ('spans', 'traces')
            AND active ORDER BY id`,
          format: 'JSONEachRow',
        })
      ).json<{ id: string }>(),
    );
    return rows.map((r) => r.id).filter((id) => /^\d{6}$/.test(id));
  }

  private async dropMonthsBefore(floor: Date): Promise<string[]> {
    const dropped: string[] = [];
    for (const id of await this.months()) {
      const end = new Date(Date.UTC(Number(id.slice(0, 4)), Number(id.slice(4, 6)), 1)); // first instant of the next month
      if (end.getTime() > floor.getTime()) continue;
      // the registry first (a later span of a forgotten trace starts a new trace), then the data, then the
      // registry again for traces registered meanwhile in that month
      await this.registry.forgetBefore(end);
      for (const table of ['spans', 'traces']) {
        await this.guard('retention', () => this.ch.command({ query: `ALTER TABLE ${table} DROP PARTITION ID '${id}'` }));
      }
      await this.registry.forgetBefore(end);
      dropped.push(id);
    }
    return dropped;
  }

  workspacesWithTraces(): Promise<string[]> {
    return this.registry.workspaces();
  }

  private async deleteExpired(workspaceId: string, cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.registry.expire(workspaceId, cutoff, RETENTION_CHUNK, async (ids) => {
        for (const table of ['spans', 'traces']) {
          await this.guard('retention', () =>
            this.ch.command({
              query: `DELETE FROM ${table} WHERE workspace_id = {w:UUID} AND trace_id IN {ids:Array(String)}
                AND trace_time < fromUnixTimestamp64Milli({cutoff:Int64}, 'UTC')`,
              query_params: { w: workspaceId, ids, cutoff: cutoff.getTime() },
            }),
          );
        }
      });
      total += n;
      if (n < RETENTION_CHUNK) return total;
    }
  }

  /** For GET /health/ready: ClickHouse answers its ping. */
  async ping(): Promise<void> {
    const res = await this.ch.ping();
    if (!res.success) throw res.error;
  }

  /** Nest calls it on shutdown: the client's sockets are closed. */
  async onModuleDestroy(): Promise<void> {
    await this.ch.close();
  }
}
