import { normalizeSpan } from '../../span-model';
import { dateTime64 } from './clickhouse-trace-store';
import { databaseOf } from './client';
import { splitStatements } from './migrations';
import { aggregate, combine, decimalOf, nanoOfDecimal, statusOf } from './summary';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const span = (over: Record<string, unknown>) =>
  normalizeSpan(
    {
      traceId: 'a'.repeat(32),
      spanId: '1'.repeat(16),
      name: 'x',
      kind: 'tool',
      startTime: '2026-06-15T11:00:00.000001Z',
      ...over,
    },
    NOW,
  );

describe('trace summaries that combine', () => {
  const root = span({ spanId: '1'.repeat(16), name: 'root', kind: 'agent', endTime: '2026-06-15T11:00:05.000000Z', status: 'ok' });
  const early = span({
    spanId: '2'.repeat(16),
    parentSpanId: '1'.repeat(16),
    name: 'child',
    kind: 'llm',
    startTime: '2026-06-15T10:59:59.999999Z',
    endTime: '2026-06-15T11:00:09.000000Z',
    status: 'error',
    model: 'm1',
    usage: { inputTokens: 3, outputTokens: 4 },
    costUsd: 0.000000001,
  });
  const other = span({ spanId: '3'.repeat(16), parentSpanId: '1'.repeat(16), model: 'm2', costUsd: 1.5 });

  it('summarises a batch: root by (is root, start, span id), min start, max end, counts, exact cost', () => {
    const a = aggregate([early, other, root]).get('a'.repeat(32))!;
    expect(a).toMatchObject({
      startUs: early.startUs,
      endUs: Date.parse('2026-06-15T11:00:09Z') * 1000,
      root: { name: 'root', kind: 'agent' },
      errors: 1,
      oks: 1,
      spanCount: 3,
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
      costNano: 1_500_000_001n,
    });
    expect([...a.models].sort()).toEqual(['m1', 'm2']);
    expect(statusOf(a)).toBe('error');
  });

  it('gives the same summary in any split and order', () => {
    const whole = aggregate([root, early, other]).get('a'.repeat(32))!;
    const parts = [[other], [early], [root]].map((p) => aggregate(p).get('a'.repeat(32))!);
    const combined = combine(combine(parts[0], parts[1]), parts[2]);
    expect({ ...combined, models: [...combined.models].sort() }).toEqual({ ...whole, models: [...whole.models].sort() });
  });

  it('keeps an unknown cost unknown, and a zero cost zero', () => {
    const none = aggregate([root]).get('a'.repeat(32))!;
    expect(none.costNano).toBeNull();
    expect(combine(none, aggregate([span({ spanId: '4'.repeat(16), costUsd: 0 })]).get('a'.repeat(32))!).costNano).toBe(0n);
  });

  it('converts costs between nano-dollars and decimal text exactly', () => {
    expect(decimalOf(1_500_000_001n)).toBe('1.500000001');
    expect(decimalOf(0n)).toBe('0.000000000');
    expect(nanoOfDecimal('1.500000001')).toBe(1_500_000_001n);
    expect(nanoOfDecimal('0.001')).toBe(1_000_000n);
    expect(nanoOfDecimal('12')).toBe(12_000_000_000n);
    expect(nanoOfDecimal(decimalOf(999_999_999_999_999_999n))).toBe(999_999_999_999_999_999n);
  });
});

describe('ClickHouse helpers', () => {
  it('writes epoch microseconds as DateTime64(6) text', () => {
    expect(dateTime64(Date.parse('2026-01-31T23:59:59Z') * 1000 + 999_999)).toBe('2026-01-31 23:59:59.999999');
    expect(dateTime64(Date.parse('2026-02-01T00:00:00Z') * 1000 + 7)).toBe('2026-02-01 00:00:00.000007');
  });

  it('takes the database from the URL path', () => {
    expect(databaseOf('http://u:p@ch:8123/agentobs')).toBe('agentobs');
    expect(databaseOf('http://ch:8123')).toBe('default');
    expect(databaseOf('https://ch:8443/')).toBe('default');
  });

  it('splits a migration file into statements at a ";" ending a line, without comments', () => {
    expect(
      splitStatements("-- a comment; with a semicolon\nCREATE TABLE a (x String DEFAULT 'a;b');\n\nCREATE TABLE b (y UInt8);\n"),
    ).toEqual(["CREATE TABLE a (x String DEFAULT 'a;b')", 'CREATE TABLE b (y UInt8)']);
  });
});
