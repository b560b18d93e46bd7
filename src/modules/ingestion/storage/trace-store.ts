import type { Tx } from '../../../database/db';
import type { NormalizedSpan, SpanKind, SpanStatus } from '../span-model';

/**
 * The port trace storage sits behind (DESIGN.md "Growing past one machine"): it speaks only the span model,
 * never a driver's types. Adapters: Postgres (default) and ClickHouse (`TRACE_STORE=clickhouse`); one contract
 * test suite runs against both. Ingestion (REST and OTLP) writes only through `write`; the trace endpoints read
 * only through `listTraces`/`traceStats`/`getTrace`; the worker keeps storage ready (`prepare`) and applies retention.
 */
export const TRACE_STORE = Symbol('TRACE_STORE');

/**
 * A span sent twice in one batch: the later copy wins, in the place of the first (one statement cannot write a row
 * twice). Batches rarely repeat a span, so they are first checked by span id alone — no key string built per span —
 * and only a batch repeating a span id (in one trace or, improbably, across two) is keyed by trace and span id.
 */
export function lastOfEach(spans: NormalizedSpan[]): NormalizedSpan[] {
  const seen = new Set<string>();
  for (const s of spans) {
    if (seen.has(s.spanId)) {
      const byKey = new Map<string, NormalizedSpan>();
      for (const t of spans) byKey.set(t.traceId + t.spanId, t);
      return byKey.size === spans.length ? spans : [...byKey.values()];
    }
    seen.add(s.spanId);
  }
  return spans;
}

/** What a write found out, handed to `beforeCommit` while the write can still be rolled back. */
export interface WriteOutcome {
  /** traces this write created (each counts once toward the monthly quota) */
  newTraceIds: string[];
  /** traces that got their first error span with this write (one `trace.error` each) */
  firstErrorTraceIds: string[];
  /** spans written (inserted or updated), sampled-out spans excluded */
  storedSpans: number;
}

export interface WriteOptions {
  /** traces the workspace's sampling drops when they are new: their spans are stored only if the trace already is */
  dropIfNew: ReadonlySet<string>;
  /**
   * Runs inside the Postgres transaction that records the write (quota reservation, outbox): throwing aborts
   * the whole write, nothing is stored. Every adapter keeps that bookkeeping in Postgres, whatever holds spans.
   */
  beforeCommit(outcome: WriteOutcome, tx: Tx): Promise<void>;
}

export interface TraceSummaryRow {
  traceId: string;
  /** name and kind of the root span (the earliest span while the root has not arrived) */
  name: string | null;
  kind: SpanKind | null;
  /** epoch microseconds */
  startUs: number;
  endUs: number | null;
  status: SpanStatus;
  spanCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** null when no span has a cost (unknown is not zero) */
  totalCostUsd: number | null;
  /** the distinct models its spans used, sorted */
  models: string[];
}

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: NormalizedSpan['kind'];
  startUs: number;
  endUs: number | null;
  status: SpanStatus;
  statusMessage: string | null;
  input: unknown;
  output: unknown;
  attributes: Record<string, unknown> | null;
  model: string | null;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number } | null;
  costUsd: number | null;
}

/** The filters of the trace list and stats (API.md "Traces"); every one optional, all of them combined with AND. */
export interface TraceFilter {
  status?: SpanStatus;
  /** bounds on the trace's start, epoch µs: from inclusive, to exclusive */
  fromUs?: number;
  toUs?: number;
  /** substring of the root span's name, case-insensitive */
  name?: string;
  /** the root span's kind, exact */
  kind?: SpanKind;
  /** a model used by any span of the trace, exact */
  model?: string;
  /** traces that ended and lasted at least this long */
  minDurationMs?: number;
  /** traces whose total cost is known and at least this */
  minCostUsd?: number;
}

export interface TraceListFilter extends TraceFilter {
  /** keyset position: traces strictly older than (startUs, traceId) in list order */
  after?: { startUs: number; traceId: string };
  limit: number;
}

export interface TraceStatsQuery extends Omit<TraceFilter, 'fromUs' | 'toUs'> {
  /** epoch µs, inclusive */
  fromUs: number;
  /** epoch µs, exclusive */
  toUs: number;
  /** bucket width; buckets are aligned on the Unix epoch (UTC) */
  bucketSeconds: number;
}

/** One bucket of traces by start time (only buckets with at least one trace are returned by the store). */
export interface TraceStatsBucket {
  /** epoch µs of the bucket's start */
  startUs: number;
  traces: number;
  errors: number;
  /** over the traces that ended; null when none did */
  p50DurationMs: number | null;
  p95DurationMs: number | null;
  totalTokens: number;
  /** null when no trace of the bucket has a cost */
  totalCostUsd: number | null;
}

/** A window of trace summaries (alert rules): traces started in [fromUs, toUs), optionally filtered. */
export interface TraceWindowQuery {
  fromUs: number;
  toUs: number;
  /** substring of the trace's (root span's) name, case-insensitive */
  name?: string;
  /** the root span's kind, exact */
  kind?: string;
  /** a model used by any span, exact */
  model?: string;
}

/** Aggregates of a window, computed from trace summaries only (never a scan of spans). */
export interface TraceWindowMetrics {
  traces: number;
  /** traces with status error */
  errors: number;
  /** 95th percentile of the ended traces' durations; null when none ended */
  p95DurationMs: number | null;
  /** sum of the traces' costs (unknown as 0) */
  costUsd: number;
}

export interface TraceStore {
  /** Upserts spans (by workspace, traceId, spanId) and their traces' summaries atomically. */
  write(workspaceId: string, spans: NormalizedSpan[], options: WriteOptions): Promise<WriteOutcome>;
  listTraces(workspaceId: string, filter: TraceListFilter): Promise<TraceSummaryRow[]>;
  /** Buckets (by trace start, ascending) over [fromUs, toUs) that hold at least one trace matching the filters. */
  traceStats(workspaceId: string, q: TraceStatsQuery): Promise<TraceStatsBucket[]>;
  /** The trace and its spans in start order (at most `maxSpans`), or null if the workspace has no such trace. */
  getTrace(workspaceId: string, traceId: string, maxSpans: number): Promise<{ trace: TraceSummaryRow; spans: StoredSpan[] } | null>;
  /** Aggregates of the traces that started in a window (alert rule evaluation): an index range over summaries. */
  windowMetrics(workspaceId: string, q: TraceWindowQuery): Promise<TraceWindowMetrics>;
  /** Keeps storage ready for the months ahead of `now` (Postgres: monthly partitions). Returns what it created. */
  prepare(now: Date): Promise<string[]>;
  /** Workspaces that have at least one stored trace (retention visits only these). */
  workspacesWithTraces(): Promise<string[]>;
  /**
   * Deletes the traces (with their spans) of each workspace that started before its cutoff. `floor`, the earliest
   * cutoff of all, lets an adapter drop whole periods at once (Postgres: monthly partitions ending before it).
   */
  applyRetention(cutoffs: ReadonlyMap<string, Date>, floor: Date): Promise<RetentionReport>;
}

export interface RetentionReport {
  /** whole storage periods dropped (e.g. Postgres partition names) */
  droppedPartitions: string[];
  /** traces deleted one by one */
  deletedTraces: number;
}
