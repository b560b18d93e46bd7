import type { NormalizedSpan, SpanStatus } from '../../span-model';

/**
 * A trace's summary as a value that combines: the summary of spans A ∪ B (A, B disjoint) is `combine(A, B)`. The
 * store computes a batch's part in JS, asks ClickHouse for the part of the trace's stored spans that the batch does
 * not replace, and combines them, so a summary is exact whatever the order or repetition of spans.
 */
export interface TraceAgg {
  startUs: number;
  endUs: number | null;
  /** the root span's name and kind: the first of (has a parent, start, span id), as on Postgres */
  root: { child: boolean; startUs: number; spanId: string; name: string; kind: string };
  errors: number;
  oks: number;
  spanCount: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** summed in nano-dollars (the column's precision), exact; null while no span has a cost */
  costNano: bigint | null;
  models: Set<string>;
}

/** Epoch microseconds of a span's start and end. */
export const startUsOf = (s: NormalizedSpan): number => s.startUs;
export const endUsOf = (s: NormalizedSpan): number | null => s.endUs;

export const NANO = 1_000_000_000n;
/** A cost in USD (a JS number with at most 9 meaningful decimals) as nano-dollars. */
export const nanoOf = (usd: number): bigint => BigInt(Math.round(usd * 1e9));
/** Nano-dollars as the decimal text ClickHouse's Decimal(18, 9) reads exactly. */
export const decimalOf = (nano: bigint): string => {
  const sign = nano < 0n ? '-' : '';
  const abs = nano < 0n ? -nano : nano;
  return `${sign}${abs / NANO}.${String(abs % NANO).padStart(9, '0')}`;
};
/** Decimal text (from ClickHouse) as nano-dollars. */
export const nanoOfDecimal = (text: string): bigint => {
  const [int, frac = ''] = text.trim().split('.');
  const negative = int.startsWith('-');
  const value = BigInt(int.replace('-', '') || '0') * NANO + BigInt((frac + '000000000').slice(0, 9));
  return negative ? -value : value;
};

const rootBefore = (a: TraceAgg['root'], b: TraceAgg['root']) =>
  a.child !== b.child ? !a.child : a.startUs !== b.startUs ? a.startUs < b.startUs : a.spanId < b.spanId;

export function combine(a: TraceAgg, b: TraceAgg): TraceAgg {
  const end = a.endUs === null ? b.endUs : b.endUs === null ? a.endUs : Math.max(a.endUs, b.endUs);
  return {
    startUs: Math.min(a.startUs, b.startUs),
    endUs: end,
    root: rootBefore(b.root, a.root) ? b.root : a.root,
    errors: a.errors + b.errors,
    oks: a.oks + b.oks,
    spanCount: a.spanCount + b.spanCount,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    costNano: a.costNano === null ? b.costNano : b.costNano === null ? a.costNano : a.costNano + b.costNano,
    models: new Set([...a.models, ...b.models]),
  };
}

export function aggOfSpan(s: NormalizedSpan): TraceAgg {
  const startUs = startUsOf(s);
  return {
    startUs,
    endUs: endUsOf(s),
    root: { child: s.parentSpanId !== null, startUs, spanId: s.spanId, name: s.name, kind: s.kind },
    errors: s.status === 'error' ? 1 : 0,
    oks: s.status === 'ok' ? 1 : 0,
    spanCount: 1,
    inputTokens: s.usage?.inputTokens ?? 0,
    outputTokens: s.usage?.outputTokens ?? 0,
    totalTokens: s.usage?.totalTokens ?? 0,
    costNano: s.costUsd === null ? null : nanoOf(s.costUsd),
    models: new Set(s.model === null ? [] : [s.model]),
  };
}

/** Per-trace summaries of spans (one batch, each span once). */
export function aggregate(spans: readonly NormalizedSpan[]): Map<string, TraceAgg> {
  const byTrace = new Map<string, TraceAgg>();
  for (const s of spans) {
    const one = aggOfSpan(s);
    const seen = byTrace.get(s.traceId);
    byTrace.set(s.traceId, seen ? combine(seen, one) : one);
  }
  return byTrace;
}

export const statusOf = (a: TraceAgg): SpanStatus => (a.errors > 0 ? 'error' : a.oks > 0 ? 'ok' : 'unset');
