/**
 * Per-trace aggregates maintained incrementally (issue 19): a trace row carries, next to its summary, the counters
 * and the rank of its naming span that let a batch update it from the batch alone, without reading the trace's
 * other spans:
 *  - `span_count`, `error_count`, `ok_count` (status = error if any error, else ok if any ok, else unset),
 *    token sums, `cost_count` (spans with a cost: `total_cost_usd` is NULL while it is 0) and the cost sum;
 *  - `start_time` / `end_time` (min / max);
 *  - the naming span's rank `(name_root, name_start_time, name_span_id)`: the trace is named after its first
 *    span in the order (root spans first, earliest start, smallest span id).
 * A batch's summary per trace (`newTraceSummaries`) is what a new trace is created with, and what the same upsert
 * adds to an existing trace (counters summed, extremes widened, the name taken when the batch's candidate ranks
 * first). That is exact when all the batch's spans are new to the trace; for the spans it resends, the stored
 * versions they replace are subtracted afterwards (`resendCorrections`). Counters and sums are exact under any
 * change; minima, maxima and the naming span are too, except when a resent span WAS the extreme (or the naming
 * span) and moved away from it: then the trace is recomputed from its stored spans (rare).
 * Pure functions: the Postgres adapter feeds them rows and writes their results.
 */
import type { NormalizedSpan, SpanKind, SpanStatus } from '../../span-model';

const NANO = 1_000_000_000n;

/** What a stored span contributes to its trace (read back by primary key when a batch resends it). */
export interface SpanFacts {
  traceId: string;
  spanId: string;
  root: boolean;
  startUs: number;
  endUs: number | null;
  status: SpanStatus;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** nano-dollars, null when the span has no cost */
  costNanos: bigint | null;
  model: string | null;
}

/** The locked trace row right after the upsert added the batch to it (what decides whether a resend needs a recompute). */
export interface TraceState {
  startUs: number;
  endUs: number | null;
  nameSpanId: string | null;
}

/** A new trace's row, or the change to an existing one (counters as deltas, extremes as candidates). */
export interface TraceAggregate {
  traceId: string;
  spanCount: number;
  errorCount: number;
  okCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costCount: number;
  /** exact decimal (nano-dollar precision, the column's); a delta may be negative */
  cost: string;
  startUs: number;
  endUs: number | null;
  /** the batch's best naming candidate and its kind (a correction's are unused: APPLY_DELTAS moves only the counters) */
  name: string;
  kind: SpanKind;
  nameRoot: boolean;
  nameStartUs: number;
  nameSpanId: string;
}

/** A new trace's summary row (`status` derived from the counters, `costUsd` null without a costed span). */
export interface NewTraceSummary extends TraceAggregate {
  status: SpanStatus;
  costUsd: string | null;
  hasError: boolean;
  /** distinct models of the batch's spans of the trace, sorted */
  models: string[];
}

/** `cost_usd` as binary COPY stores it (numeric(18,9), rounded to the nano-dollar), in nano-dollars: an exact integer within LIMITS.costUsd (≤ 1e15). */
export const usdNanos = (usd: number): number => Math.round(usd * 1e9);

/** Exact decimal text of signed nano-dollars. */
export function decimalOfNanos(nanos: bigint): string {
  const neg = nanos < 0n;
  const abs = neg ? -nanos : nanos;
  return `${neg ? '-' : ''}${abs / NANO}.${String(abs % NANO).padStart(9, '0')}`;
}

/** Nano-dollars of a numeric's text ("0.000179000", "12", "-1.5"), exactly. */
export function nanosOfDecimal(text: string): bigint {
  const neg = text.startsWith('-');
  const [int, frac = ''] = (neg ? text.slice(1) : text).split('.');
  const n = BigInt(int || '0') * NANO + BigInt((frac + '000000000').slice(0, 9));
  return neg ? -n : n;
}

/** True when span a names a trace before span b: roots first, then the earliest start, then the smallest id. */
export function ranksBefore(aRoot: boolean, aStart: number, aId: string, bRoot: boolean, bStart: number, bId: string): boolean {
  if (aRoot !== bRoot) return aRoot;
  if (aStart !== bStart) return aStart < bStart;
  return aId < bId;
}

interface Acc {
  agg: TraceAggregate;
  /** the cost sum in nano-dollars: `nanos` + `small` (`small` a Number while the sum stays a safe integer, see addCost) */
  nanos: bigint;
  small: number;
  models?: Set<string>;
}

/** Adds a span's cost (`usdNanos`): in a Number while the sum is exact (no BigInt per span), else in the BigInt. */
function addCost(a: Acc, usd: number): void {
  const n = usdNanos(usd);
  const sum = a.small + n;
  if (Number.isSafeInteger(sum)) a.small = sum;
  else {
    a.nanos += BigInt(a.small) + BigInt(n);
    a.small = 0;
  }
}

const nanosOf = (a: Acc): bigint => (a.small === 0 ? a.nanos : a.nanos + BigInt(a.small));

function accumulate(byTrace: Map<string, Acc>, s: NormalizedSpan): Acc {
  let a = byTrace.get(s.traceId);
  const root = s.parentSpanId === null;
  if (!a) {
    a = {
      agg: {
        traceId: s.traceId,
        spanCount: 0,
        errorCount: 0,
        okCount: 0,
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        costCount: 0,
        cost: '0',
        startUs: s.startUs,
        endUs: null,
        name: s.name,
        kind: s.kind,
        nameRoot: root,
        nameStartUs: s.startUs,
        nameSpanId: s.spanId,
      },
      nanos: 0n,
      small: 0,
    };
    byTrace.set(s.traceId, a);
  }
  const t = a.agg;
  if (ranksBefore(root, s.startUs, s.spanId, t.nameRoot, t.nameStartUs, t.nameSpanId)) {
    t.name = s.name;
    t.kind = s.kind;
    t.nameRoot = root;
    t.nameStartUs = s.startUs;
    t.nameSpanId = s.spanId;
  }
  if (s.startUs < t.startUs) t.startUs = s.startUs;
  if (s.endUs !== null && (t.endUs === null || s.endUs > t.endUs)) t.endUs = s.endUs;
  if (s.model !== null) (a.models ??= new Set()).add(s.model);
  // (the span's own fields, not its SpanFacts: no object nor BigInt per span)
  const u = s.usage;
  addCounts(t, s.status, u === null ? 0 : u.inputTokens, u === null ? 0 : u.outputTokens, u === null ? 0 : u.totalTokens, 1);
  if (s.costUsd !== null) {
    t.costCount++;
    addCost(a, s.costUsd);
  }
  return a;
}

function addCounts(t: TraceAggregate, status: SpanStatus, input: number, output: number, total: number, sign: 1 | -1) {
  t.spanCount += sign;
  if (status === 'error') t.errorCount += sign;
  else if (status === 'ok') t.okCount += sign;
  t.inputTokens += sign * input;
  t.outputTokens += sign * output;
  t.totalTokens += sign * total;
}

/** Subtracts what a stored span contributed (a correction). */
function subtract(a: Acc, f: SpanFacts) {
  addCounts(a.agg, f.status, f.inputTokens, f.outputTokens, f.totalTokens, -1);
  if (f.costNanos !== null) {
    a.agg.costCount--;
    a.nanos -= f.costNanos;
  }
}

/** Summaries of the traces a batch creates (the batch holds all their spans), keyed like the batch. */
export function newTraceSummaries(spans: readonly NormalizedSpan[]): NewTraceSummary[] {
  const byTrace = new Map<string, Acc>();
  for (const s of spans) accumulate(byTrace, s);
  const out: NewTraceSummary[] = [];
  for (const a of byTrace.values()) {
    const { agg, models } = a;
    const cost = decimalOfNanos(nanosOf(a));
    // every field written out in one literal (not a spread of `agg`): the summaries share one shape, which keeps
    // the column reads of `summaryParams` monomorphic (a spread's objects differed by which fields held null)
    out.push({
      traceId: agg.traceId,
      spanCount: agg.spanCount,
      errorCount: agg.errorCount,
      okCount: agg.okCount,
      inputTokens: agg.inputTokens,
      outputTokens: agg.outputTokens,
      totalTokens: agg.totalTokens,
      costCount: agg.costCount,
      startUs: agg.startUs,
      endUs: agg.endUs,
      name: agg.name,
      kind: agg.kind,
      nameRoot: agg.nameRoot,
      nameStartUs: agg.nameStartUs,
      nameSpanId: agg.nameSpanId,
      cost,
      status: agg.errorCount > 0 ? 'error' : agg.okCount > 0 ? 'ok' : 'unset',
      costUsd: agg.costCount > 0 ? cost : null,
      hasError: agg.errorCount > 0,
      models: models ? [...models].sort() : [],
    });
  }
  return out;
}

export interface ResendCorrections {
  /** what to subtract (as negative deltas: the stored versions the batch replaced) from traces that keep incremental maintenance */
  deltas: TraceAggregate[];
  /** traces whose extreme or naming span a resend moved: recompute from their stored spans */
  recompute: string[];
}

/**
 * After the upsert added the batch to its existing traces: `previous` are the stored versions of the spans the
 * batch resent, `batch` the batch's spans (the new versions), `state` the trace rows as the upsert left them.
 * Each old version is subtracted; a trace is recomputed instead when an old version was its earliest start, its
 * latest end or its naming span and the new version moved away from that (the upsert could only widen them), or
 * when the old version used a model the new one does not (another span may or may not still use it).
 */
export function resendCorrections(
  previous: readonly SpanFacts[],
  batch: readonly NormalizedSpan[],
  state: ReadonlyMap<string, TraceState>,
): ResendCorrections {
  const newVersion = new Map<string, NormalizedSpan>();
  for (const s of batch) newVersion.set(s.traceId + s.spanId, s);
  const byTrace = new Map<string, Acc>();
  const recompute = new Set<string>();
  for (const old of previous) {
    const now = newVersion.get(old.traceId + old.spanId);
    const t = state.get(old.traceId);
    if (!now || !t) continue; // cannot happen: the old version was found by the batch's own keys
    const nowRoot = now.parentSpanId === null;
    // `t` already holds min(before, batch): the old start at or below it means the old span was the earliest
    const movedFromStart = old.startUs <= t.startUs && now.startUs > old.startUs;
    const movedFromEnd = old.endUs !== null && t.endUs !== null && old.endUs >= t.endUs && (now.endUs === null || now.endUs < old.endUs);
    // the upsert keeps the stored naming span unless the batch's candidate ranks at or before it
    const wasNaming = t.nameSpanId === old.spanId && ranksBefore(old.root, old.startUs, old.spanId, nowRoot, now.startUs, now.spanId);
    // models are a set: a resend that no longer uses a model may take it off the trace
    const droppedModel = old.model !== null && old.model !== now.model;
    if (movedFromStart || movedFromEnd || wasNaming || droppedModel) recompute.add(old.traceId);
    let a = byTrace.get(old.traceId);
    if (!a) {
      a = {
        agg: {
          traceId: old.traceId,
          spanCount: 0,
          errorCount: 0,
          okCount: 0,
          inputTokens: 0,
          outputTokens: 0,
          totalTokens: 0,
          costCount: 0,
          cost: '0',
          startUs: t.startUs, // a correction widens nothing
          endUs: null,
          name: '',
          kind: 'other',
          nameRoot: false,
          nameStartUs: old.startUs,
          nameSpanId: old.spanId,
        },
        nanos: 0n,
        small: 0,
      };
      byTrace.set(old.traceId, a);
    }
    subtract(a, old);
  }
  const deltas: TraceAggregate[] = [];
  for (const [traceId, a] of byTrace) {
    if (recompute.has(traceId)) continue;
    a.agg.cost = decimalOfNanos(nanosOf(a));
    deltas.push(a.agg);
  }
  return { deltas, recompute: [...recompute] };
}
