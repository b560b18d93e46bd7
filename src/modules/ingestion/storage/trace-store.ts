import type { PoolClient } from 'pg';
import type { NormalizedSpan, SpanStatus } from '../span-model';
import type { MonthPartition } from './partitions';

/**
 * The one interface trace storage sits behind (DESIGN.md: a columnar store could take over traces
 * later without touching the settings domains). Ingestion (REST today, OTLP later) writes only through
 * `write`; the trace endpoints read only through `listTraces`/`getTrace`; the worker maintains storage
 * through `ensurePartitions`/`dropPartitionsBefore`/`deleteExpired`.
 */
export const TRACE_STORE = Symbol('TRACE_STORE');

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
   * Runs inside the write's transaction (quota reservation, outbox). Throwing aborts the whole write:
   * nothing is stored. `client` is the transaction's connection: quota and outbox live in Postgres.
   */
  beforeCommit(outcome: WriteOutcome, client: PoolClient): Promise<void>;
}

export interface TraceSummaryRow {
  traceId: string;
  name: string | null;
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

export interface TraceListFilter {
  status?: SpanStatus;
  /** bounds on the trace's start, epoch µs: from inclusive, to exclusive */
  fromUs?: number;
  toUs?: number;
  /** keyset position: traces strictly older than (startUs, traceId) in list order */
  after?: { startUs: number; traceId: string };
  limit: number;
}

export interface TraceStore {
  /** Upserts spans (by workspace, traceId, spanId) and their traces' summaries atomically. */
  write(workspaceId: string, spans: NormalizedSpan[], options: WriteOptions): Promise<WriteOutcome>;
  listTraces(workspaceId: string, filter: TraceListFilter): Promise<TraceSummaryRow[]>;
  /** The trace and its spans in start order (at most `maxSpans`), or null if the workspace has no such trace. */
  getTrace(workspaceId: string, traceId: string, maxSpans: number): Promise<{ trace: TraceSummaryRow; spans: StoredSpan[] } | null>;
  /** Creates the monthly partitions that do not exist yet (`refresh`: look again instead of trusting what this process saw). */
  ensurePartitions(months: MonthPartition[], refresh?: boolean): Promise<string[]>;
  /** Drops every partition whose months end on or before `bound` (with their traces). Returns the dropped names. */
  dropPartitionsBefore(bound: Date): Promise<string[]>;
  /** Workspaces that have at least one stored trace (retention visits only these). */
  workspacesWithTraces(): Promise<string[]>;
  /** Deletes one workspace's traces (and spans) that started before `cutoff`. Returns the number of traces deleted. */
  deleteExpired(workspaceId: string, cutoff: Date): Promise<number>;
}
