import { NormalizedSpan } from '../../span-model';
import {
  decimalOfNanos,
  nanosOfDecimal,
  newTraceSummaries,
  ranksBefore,
  resendCorrections,
  SpanFacts,
  TraceAggregate,
  usdNanos,
} from './trace-aggregates';
import { normalizedSpan } from '../../normalized-span.spec-helpers';

const T = 'a'.repeat(32);
const ROOT = '1'.repeat(16);
const span = (over: Partial<NormalizedSpan>) => normalizedSpan({ traceId: T, spanId: ROOT, startUs: 1_000, endUs: 2_000, ...over });
/** What a stored span contributes (what the store reads back for a resent span), from the span itself. */
const factsOf = (s: NormalizedSpan): SpanFacts => ({
  traceId: s.traceId,
  spanId: s.spanId,
  root: s.parentSpanId === null,
  startUs: s.startUs,
  endUs: s.endUs,
  status: s.status,
  inputTokens: s.usage?.inputTokens ?? 0,
  outputTokens: s.usage?.outputTokens ?? 0,
  totalTokens: s.usage?.totalTokens ?? 0,
  costNanos: s.costUsd === null ? null : BigInt(usdNanos(s.costUsd)),
  model: s.model,
});
const child = (n: number, over: Partial<NormalizedSpan> = {}) =>
  span({ spanId: String(n).repeat(16).slice(0, 16), parentSpanId: ROOT, name: `child-${n}`, startUs: 1_000 + n, endUs: 1_500, ...over });

/** The exact summary of a set of spans (what RECOMPUTE does in SQL), to compare the incremental result with. */
function exact(spans: NormalizedSpan[]) {
  const [s] = newTraceSummaries(spans);
  return s;
}

type Row = ReturnType<typeof exact>;

/** Adds a correction's counters to a trace row the way APPLY_DELTAS does (ADD_COUNTERS: no extreme, no name moves). */
function applyCounters(row: Row, d: TraceAggregate): Row {
  const errorCount = row.errorCount + d.errorCount;
  const okCount = row.okCount + d.okCount;
  const costCount = row.costCount + d.costCount;
  const cost = decimalOfNanos(nanosOfDecimal(row.cost) + nanosOfDecimal(d.cost));
  return {
    ...row,
    spanCount: row.spanCount + d.spanCount,
    errorCount,
    okCount,
    status: errorCount > 0 ? 'error' : okCount > 0 ? 'ok' : 'unset',
    hasError: errorCount > 0,
    inputTokens: row.inputTokens + d.inputTokens,
    outputTokens: row.outputTokens + d.outputTokens,
    totalTokens: row.totalTokens + d.totalTokens,
    costCount,
    cost,
    costUsd: costCount === 0 ? null : cost,
  };
}

/** Adds a batch summary to a trace row the way UPSERT_TRACES (ON CONFLICT) does: counters, extremes widened, the name taken when the batch's candidate ranks first. */
function applySummary(row: Row, d: TraceAggregate): Row {
  const rename = !ranksBefore(row.nameRoot, row.nameStartUs, row.nameSpanId, d.nameRoot, d.nameStartUs, d.nameSpanId);
  return {
    ...applyCounters(row, d),
    startUs: Math.min(row.startUs, d.startUs),
    endUs: d.endUs === null ? row.endUs : row.endUs === null ? d.endUs : Math.max(row.endUs, d.endUs),
    ...(rename ? { name: d.name, nameRoot: d.nameRoot, nameStartUs: d.nameStartUs, nameSpanId: d.nameSpanId } : {}),
  };
}

/** Stores `before`, then writes `batch` as the adapter does: the resulting row, or 'recompute'; and whether it alerts. */
function incremental(before: NormalizedSpan[], batch: NormalizedSpan[]) {
  const row = exact(before);
  const upserted = applySummary(row, newTraceSummaries(batch)[0]);
  const firstError = upserted.hasError && !row.hasError;
  const stored = new Map(before.map((s) => [s.spanId, s]));
  const previous: SpanFacts[] = batch.filter((s) => stored.has(s.spanId)).map((s) => factsOf(stored.get(s.spanId) as NormalizedSpan));
  const state = new Map([[T, { startUs: upserted.startUs, endUs: upserted.endUs, nameSpanId: upserted.nameSpanId }]]);
  const changes = resendCorrections(previous, batch, state);
  if (changes.recompute.length) return { result: 'recompute' as const, changes, firstError };
  return { result: changes.deltas.reduce(applyCounters, upserted), changes, firstError };
}

/** What the trace holds after `batch` replaced or joined `before`. */
function after(before: NormalizedSpan[], batch: NormalizedSpan[]) {
  const byId = new Map(before.map((s) => [s.spanId, s]));
  for (const s of batch) byId.set(s.spanId, s);
  return exact([...byId.values()]);
}

describe('trace aggregates', () => {
  it('new spans of an existing trace add to its counters, extremes and cost', () => {
    const before = [span({ status: 'ok', costUsd: 0.1 }), child(2)];
    const batch = [
      child(3, { status: 'error', usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 }, costUsd: 0.000179, endUs: 9_000 }),
    ];
    const { result, firstError } = incremental(before, batch);
    expect(result).toEqual(after(before, batch));
    expect(firstError).toBe(true);
  });

  it('a resend that changes status, cost, tokens and a later end time is a delta, not a recompute', () => {
    const before = [
      span({ status: 'ok' }),
      child(2, { status: 'error', costUsd: 0.5, usage: { inputTokens: 10, outputTokens: 0, totalTokens: 10 } }),
    ];
    const batch = [child(2, { status: 'ok', costUsd: null, usage: null, endUs: 5_000 })];
    const { result, firstError } = incremental(before, batch);
    expect(result).toEqual(after(before, batch));
    expect(result).toMatchObject({ status: 'ok', costUsd: null, costCount: 0, endUs: 5_000, errorCount: 0 });
    expect(firstError).toBe(false); // an error that went away alerts nothing
  });

  it('the naming span resent with a new name renames the trace', () => {
    const before = [span({}), child(2)];
    const batch = [span({ name: 'renamed' })];
    const { result } = incremental(before, batch);
    expect(result).toEqual(after(before, batch));
    expect(result).toMatchObject({ name: 'renamed' });
  });

  it('a span ranking before the naming one takes the name (a late root, an earlier orphan)', () => {
    const before = [child(2), child(3)];
    expect(incremental(before, [span({ name: 'late root', startUs: 5_000 })]).result).toMatchObject({ name: 'late root' });
    const orphans = [span({ spanId: 'b'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'second', startUs: 2 })];
    const earlier = [span({ spanId: 'c'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'first', startUs: 1 })];
    expect(incremental(orphans, earlier).result).toEqual(after(orphans, earlier));
  });

  it.each([
    ['the earliest span starts later', child(2, { startUs: 500 }), child(2, { startUs: 1_200 })],
    ['the latest span ends earlier', child(2, { endUs: 9_000 }), child(2, { endUs: 1_100 })],
    ['the latest span loses its end', child(2, { endUs: 9_000 }), child(2, { endUs: null })],
    ['the naming span stops being a root', span({}), span({ parentSpanId: 'f'.repeat(16) })],
    ['the naming span starts later', span({ startUs: 1_000 }), span({ startUs: 1_900 })],
    ['a span no longer uses its model', child(2, { model: 'm-1' }), child(2, { model: 'm-2' })],
    ['a span loses its model', child(2, { model: 'm-1' }), child(2, { model: null })],
  ])('recomputes when %s', (_what, stored, resent) => {
    const before = [stored, ...[span({}), child(3)].filter((s) => s.spanId !== stored.spanId)];
    const { result, changes } = incremental(before, [resent]);
    expect(result).toBe('recompute');
    expect(changes.deltas).toEqual([]);
  });

  it('alerts a first error once: not when the trace already had one', () => {
    expect(incremental([span({ status: 'error' })], [child(2, { status: 'error' })]).firstError).toBe(false);
    expect(incremental([span({ status: 'ok' })], [child(2, { status: 'error' })]).firstError).toBe(true);
  });

  it('matches the exact summary on random histories of new spans and resends', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <V>(xs: V[]) => xs[Math.floor(random() * xs.length)];
    let recomputes = 0;
    for (let run = 0; run < 300; run++) {
      const ids = Array.from({ length: 6 }, (_, i) => String.fromCharCode(97 + i).repeat(16));
      const make = (id: string): NormalizedSpan =>
        span({
          spanId: id,
          parentSpanId: random() < 0.3 ? null : pick(ids),
          name: `n${Math.floor(random() * 5)}`,
          startUs: 1_000 + Math.floor(random() * 50),
          endUs: random() < 0.2 ? null : 2_000 + Math.floor(random() * 50),
          status: pick(['ok', 'error', 'unset'] as const),
          usage: random() < 0.5 ? null : { inputTokens: Math.floor(random() * 9), outputTokens: 1, totalTokens: 9 },
          costUsd: random() < 0.5 ? null : Math.floor(random() * 1e6) / 1e9,
        });
      let stored = [make(ids[0])];
      for (let step = 0; step < 4; step++) {
        const batch = [
          ...new Map(Array.from({ length: 1 + Math.floor(random() * 3) }, () => make(pick(ids))).map((s) => [s.spanId, s])).values(),
        ];
        const { result, firstError } = incremental(stored, batch);
        const truth = after(stored, batch);
        expect(firstError).toBe(batch.some((s) => s.status === 'error') && !stored.some((s) => s.status === 'error'));
        if (result === 'recompute') recomputes++;
        else expect(result).toEqual(truth);
        stored = [...new Map([...stored, ...batch].map((s) => [s.spanId, s])).values()];
      }
    }
    expect(recomputes).toBeGreaterThan(0); // the fallback was exercised, not only the deltas
    expect(recomputes).toBeLessThan(1200);
  });

  it('converts costs exactly', () => {
    expect(nanosOfDecimal('0.000179000')).toBe(179_000n);
    expect(nanosOfDecimal('12')).toBe(12_000_000_000n);
    expect(nanosOfDecimal('-1.5')).toBe(-1_500_000_000n);
    expect(decimalOfNanos(-1_500_000_001n)).toBe('-1.500000001');
    expect(decimalOfNanos(nanosOfDecimal('999999.999999999'))).toBe('999999.999999999');
  });

  it("a batch's summary sums what each span's facts say, exactly, past 2^53 nano-dollars too", () => {
    let x = 7;
    const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const scale of [1e-3, 1e6, 9e8]) {
      const spans = Array.from({ length: 40 }, (_, i) =>
        child(i + 2, {
          status: (['ok', 'error', 'unset'] as const)[i % 3],
          costUsd: random() < 0.3 ? null : Math.round(random() * scale * 1e9) / 1e9,
          usage: random() < 0.3 ? null : { inputTokens: i, outputTokens: 2 * i, totalTokens: 3 * i },
        }),
      );
      const facts = spans.map(factsOf);
      const costed = facts.filter((f) => f.costNanos !== null);
      const [summary] = newTraceSummaries(spans);
      expect(summary).toMatchObject({
        spanCount: 40,
        errorCount: facts.filter((f) => f.status === 'error').length,
        okCount: facts.filter((f) => f.status === 'ok').length,
        inputTokens: facts.reduce((n, f) => n + f.inputTokens, 0),
        totalTokens: facts.reduce((n, f) => n + f.totalTokens, 0),
        costCount: costed.length,
        cost: decimalOfNanos(costed.reduce((n, f) => n + (f.costNanos as bigint), 0n)),
      });
    }
  });
});
