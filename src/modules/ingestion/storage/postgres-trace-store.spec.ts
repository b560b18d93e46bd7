import { NormalizedSpan } from '../span-model';
import { copyRows, lastOfEach, traceSummaries } from './postgres-trace-store';

const T = 'a'.repeat(32);
const span = (over: Partial<NormalizedSpan>): NormalizedSpan => ({
  traceId: T, spanId: '1'.repeat(16), parentSpanId: null, name: 'root', kind: 'agent', startMs: Date.UTC(2026, 0, 1), endMs: null,
  status: 'unset', statusMessage: null, input: null, output: null, attributes: null, model: null, usage: null, costUsd: null, ...over,
});

describe('traceSummaries', () => {
  it('summarises a batch per trace like the SQL recompute does', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const [s] = traceSummaries([
      span({ spanId: '2'.repeat(16), parentSpanId: '1'.repeat(16), name: 'child', startMs: t0 - 5, endMs: t0 + 50, status: 'ok',
        usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, costUsd: 0.1 }),
      span({ startMs: t0, endMs: t0 + 10, costUsd: 0.2, status: 'error' }),
      span({ spanId: '3'.repeat(16), parentSpanId: '1'.repeat(16), name: 'late', startMs: t0 + 1, usage: { inputTokens: 5, outputTokens: 0, totalTokens: 5 } }),
    ]);
    expect(s).toEqual({
      traceId: T, name: 'root', startMs: t0 - 5, endMs: t0 + 50, status: 'error', spanCount: 3, inputTokens: 6, outputTokens: 2, totalTokens: 8,
      costUsd: '0.300000000', hasError: true,
    });
  });

  it('without a root, names the trace after its earliest span; costs are exact decimals; status ok beats unset', () => {
    const [s] = traceSummaries([
      span({ spanId: 'b'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'second', startMs: 2, costUsd: 0.000179, status: 'ok' }),
      span({ spanId: 'a'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'first', startMs: 1, costUsd: 1234.000000001 }),
    ]);
    expect(s).toMatchObject({ name: 'first', status: 'ok', costUsd: '1234.000179001', endMs: null, hasError: false });
  });

  it('keeps the later copy of a span sent twice in one batch', () => {
    const spans = lastOfEach([span({ name: 'one' }), span({ spanId: '2'.repeat(16) }), span({ name: 'two' })]);
    expect(spans.map((s) => s.name)).toEqual(['two', 'root']);
  });
});

describe('copyRows', () => {
  it('writes COPY text: tab-separated, \\N for null, text and JSON escaped', () => {
    const text = copyRows('ws', [span({
      name: 'tab\there\nnew\\line', statusMessage: 'cr\r', input: { q: 'a\tb\\c"d\n' }, output: 'x', attributes: { k: 1 }, model: null,
      usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, costUsd: 0.5, endMs: Date.UTC(2026, 0, 1, 0, 0, 1),
    })], new Map([[T, '2026-01-01T00:00:00.000Z']]));
    expect(text.endsWith('\n')).toBe(true);
    const cols = text.slice(0, -1).split('\t');
    expect(cols).toEqual([
      'ws', T, '1'.repeat(16), '2026-01-01T00:00:00.000Z', '\\N', 'tab\\there\\nnew\\\\line', 'agent', '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:01.000Z', 'unset', 'cr\\r', '{"q":"a\\\\tb\\\\\\\\c\\\\"d\\\\n"}', '"x"', '{"k":1}', '\\N', '1', '2', '3', '0.5',
    ]);
  });

  it('cleans JSON that jsonb would refuse (NUL, lone surrogates)', () => {
    const text = copyRows('ws', [span({ input: { a: 'x\u0000y', b: '\uD800' } })], new Map([[T, 't']]));
    expect(text.split('\t')[11]).toBe(JSON.stringify({ a: 'x\uFFFDy', b: '\uFFFD' }));
  });
});
