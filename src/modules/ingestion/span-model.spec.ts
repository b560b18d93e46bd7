import { canonicalTimestampUs, cleanText, isoFromUs, jsonForStorage, LIMITS, normalizeSpan, parseTimestamp, SpanError } from './span-model';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const base = () => ({ traceId: 'A'.repeat(32), spanId: 'b'.repeat(16), name: 'n', kind: 'llm', startTime: '2026-11-25T11:00:00.000Z' });

function errorOf(raw: unknown): SpanError {
  try {
    normalizeSpan(raw, NOW);
  } catch (e) {
    if (e instanceof SpanError) return e;
    throw e;
  }
  throw new Error('expected a SpanError');
}

describe('parseTimestamp', () => {
  it('parses ISO-8601 with Z or an offset into epoch microseconds, fractions to the microsecond', () => {
    expect(parseTimestamp('2026-01-31T12:00:00Z')).toBe(Date.UTC(2026, 0, 31, 12) * 1000);
    expect(parseTimestamp('2026-01-31T12:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 31, 12, 0, 0, 123) * 1000 + 456);
    expect(parseTimestamp('2026-01-31T14:30:00.5+02:30')).toBe(Date.UTC(2026, 0, 31, 12, 0, 0, 500) * 1000);
    expect(parseTimestamp('2026-01-31T10:00:00.000007-02:00')).toBe(Date.UTC(2026, 0, 31, 12) * 1000 + 7);
  });

  it('rejects impossible or zone-less timestamps', () => {
    for (const s of [
      '2026-02-30T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T00:00:00',
      '2026-01-01',
      '1700000000',
      'yesterday',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:00+25:00',
    ]) {
      expect(parseTimestamp(s)).toBeNull();
    }
    expect(parseTimestamp('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29) * 1000);
  });

  it('reads the canonical forms (Date#toISOString, and with six fraction digits) on its fast path, with the same rules', () => {
    expect(parseTimestamp('2026-11-25T12:34:56.789Z')).toBe(Date.UTC(2026, 10, 25, 12, 34, 56, 789) * 1000);
    expect(parseTimestamp('2026-11-25T12:34:56.789012Z')).toBe(Date.UTC(2026, 10, 25, 12, 34, 56, 789) * 1000 + 12);
    expect(parseTimestamp('2026-12-31T23:59:59.999999Z')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59, 999) * 1000 + 999);
    expect(parseTimestamp('2028-02-29T00:00:00.000Z')).toBe(Date.UTC(2028, 1, 29) * 1000);
    for (const s of [
      '2026-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-00-10T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-01-01T00:00:60.000Z',
      '2026-02-29T00:00:00.000000Z',
      '2026-01-01T24:00:00.000000Z',
    ]) {
      expect(parseTimestamp(s)).toBeNull();
    }
    for (let i = 0; i < 200; i++) {
      const ms = Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 10 * 365 * 86400_000);
      expect(parseTimestamp(new Date(ms).toISOString())).toBe(ms * 1000);
    }
  });
});

describe('canonicalTimestampUs', () => {
  const fromBytes = (text: string) => {
    const bytes = Buffer.from(`"${text}",`); // inside a body: the range excludes the quotes around it
    return canonicalTimestampUs(bytes, 1, 1 + text.length);
  };

  it("reads the canonical forms from bytes to parseTimestamp's microsecond", () => {
    for (const s of [
      '2026-11-25T12:34:56.789Z',
      '2026-11-25T12:34:56.789012Z',
      '2026-12-31T23:59:59.999999Z',
      '2028-02-29T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999999Z',
    ]) {
      expect([s, fromBytes(s)]).toEqual([s, parseTimestamp(s)]);
    }
    for (let i = 0; i < 200; i++) {
      const ms = Date.UTC(2020, 0, 1) + Math.floor(Math.random() * 10 * 365 * 86400_000);
      expect(fromBytes(new Date(ms).toISOString())).toBe(ms * 1000);
    }
  });

  it('answers null for impossible dates and for every other form (parseTimestamp decides those)', () => {
    for (const s of [
      '2026-02-29T00:00:00.000Z',
      '2026-04-31T00:00:00.000Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T00:60:00.000Z',
      '2026-00-10T00:00:00.000000Z',
      '2026-01-01T00:00:00Z',
      '2026-01-01T00:00:00.0000Z',
      '2026-01-01T00:00:00.000z',
      '2026-01-01t00:00:00.000Z',
      '2026-01-01T00:00:00.000+00:00',
      '2026-01-01 00:00:00.000Z',
      '2026-1a-01T00:00:00.000Z',
      '-026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:00.00aZ',
      '2026-01-01T00:00:00.000000000Z',
    ]) {
      expect([s, fromBytes(s)]).toEqual([s, null]);
    }
  });
});

describe('isoFromUs', () => {
  it('writes six fraction digits and round-trips through parseTimestamp (fast and slow paths)', () => {
    expect(isoFromUs(Date.UTC(2026, 0, 31, 12, 0, 0, 123) * 1000 + 4)).toBe('2026-01-31T12:00:00.123004Z');
    expect(isoFromUs(0)).toBe('1970-01-01T00:00:00.000000Z');
    expect(isoFromUs(-1)).toBe('1969-12-31T23:59:59.999999Z');
    for (let i = 0; i < 500; i++) {
      const us = Date.UTC(2020, 0, 1) * 1000 + Math.floor(Math.random() * 10 * 365 * 86400_000_000);
      const text = isoFromUs(us);
      expect(text).toBe(`${new Date(Math.floor(us / 1000)).toISOString().slice(0, -1)}${String(us % 1000).padStart(3, '0')}Z`);
      expect(parseTimestamp(text)).toBe(us);
    }
  });
});

describe('normalizeSpan', () => {
  it('normalises a minimal span (lower-case ids, defaults, nulls)', () => {
    expect(normalizeSpan(base(), NOW)).toEqual({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      parentSpanId: null,
      name: 'n',
      kind: 'llm',
      startUs: Date.UTC(2026, 10, 25, 11) * 1000,
      endUs: null,
      status: 'unset',
      statusMessage: null,
      input: null,
      output: null,
      attributes: null,
      model: null,
      usage: null,
      costUsd: null,
    });
  });

  it('fills usage totals and keeps explicit ones', () => {
    expect(normalizeSpan({ ...base(), usage: { inputTokens: 3, outputTokens: 4 } }, NOW).usage).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
    });
    expect(normalizeSpan({ ...base(), usage: { totalTokens: 9 } }, NOW).usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 9 });
  });

  it('treats an empty or all-zero parentSpanId as a root', () => {
    expect(normalizeSpan({ ...base(), parentSpanId: '' }, NOW).parentSpanId).toBeNull();
    expect(normalizeSpan({ ...base(), parentSpanId: '0'.repeat(16) }, NOW).parentSpanId).toBeNull();
    expect(normalizeSpan({ ...base(), parentSpanId: 'C'.repeat(16) }, NOW).parentSpanId).toBe('c'.repeat(16));
  });

  it.each([
    [{ traceId: 'x' }, /traceId/],
    [{ traceId: '0'.repeat(32) }, /traceId/],
    [{ spanId: 'b'.repeat(15) }, /spanId/],
    [{ parentSpanId: 7 }, /parentSpanId/],
    [{ name: '' }, /name is required/],
    [{ name: 'x'.repeat(LIMITS.name + 1) }, /name must be at most/],
    [{ kind: 'robot' }, /kind must be one of/],
    [{ status: 'fine' }, /status must be one of/],
    [{ startTime: undefined }, /startTime is required/],
    [{ startTime: 1700000000000 }, /startTime must be an ISO-8601/],
    [{ endTime: '2026-11-25T10:00:00Z' }, /endTime must not be before startTime/],
    [{ attributes: [1] }, /attributes must be a JSON object/],
    [{ attributes: Object.fromEntries(Array.from({ length: LIMITS.attributeCount + 1 }, (_, i) => [`k${i}`, i])) }, /at most/],
    [{ usage: { inputTokens: 1.5 } }, /usage.inputTokens/],
    [{ usage: { cached: 1 } }, /usage.cached is not a known field/],
    [{ costUsd: '0.1' }, /costUsd/],
    [{ model: 5 }, /model must be a string/],
    [{ statusMessage: 'x'.repeat(LIMITS.statusMessage + 1) }, /statusMessage must be at most/],
    [{ bogus: true }, /bogus is not a known field/],
  ])('refuses %j', (over, message) => {
    const e = errorOf({ ...base(), ...over });
    expect(e.code).toBe('validation_failed');
    expect(e.message).toMatch(message);
  });

  it('refuses non-objects', () => {
    for (const raw of [null, 'x', 1, []]) expect(errorOf(raw).code).toBe('validation_failed');
  });

  it('bounds timestamps to the last 365 days and one day ahead (timestamp_out_of_range)', () => {
    expect(errorOf({ ...base(), startTime: new Date(NOW - LIMITS.maxAgeMs - 1000).toISOString() }).code).toBe('timestamp_out_of_range');
    expect(errorOf({ ...base(), startTime: new Date(NOW + LIMITS.maxAheadMs + 1000).toISOString() }).code).toBe('timestamp_out_of_range');
    expect(normalizeSpan({ ...base(), startTime: new Date(NOW - LIMITS.maxAgeMs + 1000).toISOString() }, NOW).startUs).toBeLessThan(
      NOW * 1000,
    );
  });
});

describe('text Postgres can store', () => {
  it('replaces NUL and lone surrogates', () => {
    expect(cleanText('a\u0000b')).toBe('a\uFFFDb');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
    expect(cleanText('ok 😀')).toBe('ok 😀');
  });

  it('serialises JSON for jsonb, cleaning only when needed', () => {
    expect(jsonForStorage(null)).toBeNull();
    expect(jsonForStorage(undefined)).toBeNull();
    expect(jsonForStorage({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(jsonForStorage({ 'k\u0000': 'v\u0000', s: '\uDC00' })).toBe(JSON.stringify({ 'k\uFFFD': 'v\uFFFD', s: '\uFFFD' }));
    expect(jsonForStorage('literal \\u0000 text')).toBe(JSON.stringify('literal \\u0000 text'));
  });
});
