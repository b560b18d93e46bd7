import { jsonDepthExceeds } from '../../common/http/json-body';
import { scanIngestBody } from './ingest-body';
import { normalizedSpan } from './normalized-span.spec-helpers';
import { JsonBytes, MAX_SPANS_PER_BATCH, NormalizedSpan, normalizeSpan, parseTimestamp, ScannedSpan } from './span-model';

/** A deterministic PRNG (mulberry32): failures reproduce. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\u0001',
  '\u001f',
  'é',
  '€',
  '😀',
  '\u2028',
  '\uFFFD',
  'x'.repeat(40),
  '{',
  ']',
  ':',
  ',',
];

function randomString(r: () => number): string {
  const len = Math.floor(r() * 6);
  let s = '';
  for (let k = 0; k < len; k++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

const NUMBERS = [0, -0, 1, -1, 0.5, 1e-7, 123456789012, 1.5e300, -2.25e-300, 0.1 + 0.2, Number.MAX_SAFE_INTEGER];

function randomValue(r: () => number, depth: number): unknown {
  const t = r();
  if (depth > 3 || t < 0.3) {
    const u = r();
    if (u < 0.4) return randomString(r);
    if (u < 0.7) return NUMBERS[Math.floor(r() * NUMBERS.length)];
    if (u < 0.8) return true;
    if (u < 0.9) return false;
    return null;
  }
  if (t < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (let k = Math.floor(r() * 4); k > 0; k--) o[randomString(r)] = randomValue(r, depth + 1);
  return o;
}

/** JSON text of `v` with random whitespace between tokens and random escaping of what may be escaped. */
function write(v: unknown, r: () => number): string {
  const sp = () => [' ', '', '\n', '\t ', '\r\n'][Math.floor(r() * 5)];
  if (typeof v === 'string') {
    let s = JSON.stringify(v);
    if (r() < 0.2) s = s.replace(/a/g, '\\u0061').replace(/\//g, '\\/');
    if (r() < 0.3) s = s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return s;
  }
  if (typeof v === 'number' && r() < 0.2 && Number.isInteger(v) && v !== 0 && Math.abs(v) < 1e15) return `${v}.0e0`;
  if (Array.isArray(v)) return `[${sp()}${v.map((x) => write(x, r)).join(`${sp()},${sp()}`)}${sp()}]`;
  if (v && typeof v === 'object')
    return `{${sp()}${Object.entries(v)
      .map(([k, x]) => `${write(k, r)}${sp()}:${sp()}${write(x, r)}`)
      .join(`${sp()},${sp()}`)}${sp()}}`;
  return JSON.stringify(v);
}

function randomSpan(r: () => number): Record<string, unknown> {
  const span: Record<string, unknown> = {
    traceId: 'ab'.repeat(16),
    spanId: 'cd'.repeat(8),
    name: randomString(r) || 'n',
    kind: 'llm',
    startTime: '2026-12-01T10:00:00.000Z',
  };
  if (r() < 0.7) span.input = randomValue(r, 0);
  if (r() < 0.7) span.output = randomValue(r, 0);
  if (r() < 0.7) span.attributes = r() < 0.9 ? randomValue(r, 1) : randomValue(r, 0);
  if (r() < 0.3) span.usage = { inputTokens: 3, outputTokens: 4 };
  if (r() < 0.3) span.costUsd = NUMBERS[Math.floor(r() * NUMBERS.length)];
  if (r() < 0.1) span[randomString(r)] = randomValue(r, 1);
  return span;
}

/**
 * A scanned span as the plain object JSON.parse gives: its present fields, then its unknown keys; a timestamp the scanner
 * read as epoch µs (`startUs`, `endUs`) stands under its field's name as that number.
 */
class ReadAsUs {
  constructor(readonly us: number) {}
}
function fieldsOf(span: ScannedSpan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span)) {
    if (key === 'extra' || key === 'hexIds' || value === undefined) continue;
    if (key === 'startUs' || key === 'endUs') out[key === 'startUs' ? 'startTime' : 'endTime'] = new ReadAsUs(value as number);
    else out[key] = value;
  }
  return Object.assign(out, span.extra);
}

/** The scanner's result equals JSON.parse's, byte ranges compared by their value (and their text being the body's). */

function expectSame(scanned: { spans: ScannedSpan[] }, parsed: { spans: Record<string, unknown>[] }) {
  expect(scanned.spans.length).toBe(parsed.spans.length);
  scanned.spans.forEach((span, k) => {
    expect(span).toBeInstanceOf(ScannedSpan);
    const s = fieldsOf(span);
    const p = parsed.spans[k];
    expect(Object.keys(s).sort()).toEqual(Object.keys(p).sort());
    for (const key of Object.keys(p)) {
      const v = s[key];
      if (v instanceof JsonBytes) {
        expect(['input', 'output', 'attributes']).toContain(key);
        expect(v.value).toEqual(p[key]);
        expect(v.isObject).toBe(typeof p[key] === 'object' && p[key] !== null && !Array.isArray(p[key]));
        if (key === 'attributes' && v.isObject) expect(v.keyCount).toBe(Object.keys(p[key] as object).length);
      } else if (v instanceof ReadAsUs) {
        // read from the bytes: only a timestamp in the canonical form, to the µs parseTimestamp gives
        expect(['startTime', 'endTime']).toContain(key);
        expect(typeof p[key]).toBe('string');
        expect(v.us).toBe(parseTimestamp(p[key] as string));
      } else {
        expect(v).toEqual(p[key]);
        if (['input', 'output', 'attributes'].includes(key)) expect(v).toBeNull();
      }
    }
  });
}

const body = (spans: unknown[]) => Buffer.from(JSON.stringify({ spans }));
/** A normalised span's NormalizedSpan fields (a ScannedSpan is normalised in place and keeps its other fields). */
const NORMALIZED_FIELDS = Object.keys(normalizedSpan()) as (keyof NormalizedSpan)[];
const normalizedFields = (s: NormalizedSpan) => Object.fromEntries(NORMALIZED_FIELDS.map((k) => [k, s[k]]));

describe('scanIngestBody', () => {
  it('reads what SDKs send: scalar fields as JSON.parse gives them, input/output/attributes as byte ranges', () => {
    const spans = [
      {
        traceId: 'ab'.repeat(16),
        spanId: 'cd'.repeat(8),
        parentSpanId: null,
        name: 'chat gpt-4o — é',
        kind: 'llm',
        startTime: '2026-12-01T10:00:00.000Z',
        endTime: '2026-12-01T10:00:01.000Z',
        status: 'ok',
        input: { messages: [{ role: 'user', content: 'hi "there" \n 😀' }] },
        output: 'plain',
        attributes: { 'session.id': 's-1', step: 2 },
        model: 'gpt-4o',
        usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
        costUsd: 0.00021,
      },
      { traceId: 'ab'.repeat(16), spanId: 'ef'.repeat(8), name: 'x', kind: 'tool', startTime: '2026-12-01T10:00:00Z', input: null },
    ];
    const buf = body(spans);
    const scanned = scanIngestBody(buf);
    expect(scanned).toBeDefined();
    expectSame(scanned!, JSON.parse(buf.toString()));
    const input = scanned!.spans[0].input as JsonBytes;
    expect(input.text).toBe(JSON.stringify(spans[0].input));
    expect(input.source).toBe(buf);
    expect(scanned!.spans[1].input).toBeNull();
    expect(scanned!.spans[1].output).toBeUndefined();
    // normalizeSpan takes both forms alike
    const now = Date.parse('2026-12-02T00:00:00Z');
    const first = scanned!.spans[0];
    const normalized = normalizeSpan(first, now);
    expect(normalized).toBe(first); // normalised in place
    expect(normalizedFields(normalized)).toEqual({
      ...normalizeSpan(JSON.parse(buf.toString()).spans[0], now),
      input,
      output: scanned!.spans[0].output,
      attributes: scanned!.spans[0].attributes,
    });
  });

  it('gives normalizeSpan what JSON.parse would: unknown keys reported in the same order, the last of a repeated key', () => {
    const now = Date.parse('2026-12-02T00:00:00Z');
    const head = `"traceId":"${'ab'.repeat(16)}","spanId":"${'cd'.repeat(8)}","kind":"llm","startTime":"2026-12-01T10:00:00Z"`;
    const outcome = (span: unknown) => {
      try {
        return normalizedFields(normalizeSpan(span, now));
      } catch (err) {
        return (err as Error).message;
      }
    };
    // scanned, the span holds what JSON.parse gives, and normalizeSpan answers the same for both
    const agrees = (text: string) => {
      const buf = Buffer.from(`{"spans":[${text}]}`);
      const scanned = scanIngestBody(buf);
      expect(scanned).toBeDefined();
      const parsed = JSON.parse(buf.toString()).spans[0];
      expectSame(scanned!, { spans: [parsed] });
      expect([text, outcome(scanned!.spans[0])]).toEqual([text, outcome(parsed)]);
    };
    const texts = [
      `{${head},"name":"a","zeta":1,"5":2,"alpha":3}`, // an integer-like key enumerates first: "5 is not a known field"
      `{"beta":[1],${head},"name":"a"}`,
      `{${head},"name":"first","name":"second","status":"ok","status":"error"}`,
      `{${head},"name":"a","kind":"tool","kind":"nope"}`,
      `{${head},"name":"a","usage":{"inputTokens":1},"usage":{"outputTokens":2}}`,
    ];
    for (const text of texts) agrees(text);
    // timestamps: the canonical form read from the bytes, anything else as a string; the last of a repeated key wins
    const ids = `"traceId":"${'ab'.repeat(16)}","spanId":"${'cd'.repeat(8)}","kind":"llm","name":"a"`;
    const timed = [
      `{${ids},"startTime":"2026-12-01T10:00:00.000Z","endTime":"2026-12-01T10:00:01.123456Z"}`,
      `{${ids},"startTime":"2026-12-01T10:00:00.000Z","startTime":"2026-12-01T12:00:00+01:00"}`,
      `{${ids},"startTime":"2026-12-01T12:00:00+01:00","startTime":"2026-12-01T10:00:00.000Z"}`,
      `{${ids},"startTime":"2026-12-01T10:00:00.000Z","endTime":"2026-12-01T09:59:59.999Z"}`,
      `{${ids},"startTime":"2026-02-30T10:00:00.000Z"}`,
      `{${ids},"startTime":"2020-12-01T10:00:00.000Z"}`,
      `{${ids},"startTime":"2026-12-01T10:00:00.000z"}`,
      `{${ids},"startTime":"2026-12-01T10:00:00.000Z","endTime":1700000000}`,
      `{${ids},"startTime":"2026-12-01T10:00:00.000Z","startTime":null}`,
    ];
    for (const text of timed) agrees(text);
    // ids: lower-case hex of the right length checked by the scanner, anything else by normalizeSpan
    const start = `"kind":"llm","name":"a","startTime":"2026-12-01T10:00:00.000Z"`;
    const [trace, span, parent] = ['ab'.repeat(16), 'cd'.repeat(8), 'ef'.repeat(8)];
    const identified = [
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":"${parent}"}`,
      `{${start},"traceId":"${trace.toUpperCase()}","spanId":"${span.toUpperCase()}","parentSpanId":"${parent.toUpperCase()}"}`,
      `{${start},"traceId":"${'0'.repeat(32)}","spanId":"${span}"}`,
      `{${start},"traceId":"${trace}","spanId":"${'0'.repeat(16)}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":"${'0'.repeat(16)}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":""}`,
      `{${start},"traceId":"${trace}a","spanId":"${span}"}`,
      `{${start},"traceId":"${trace.slice(1)}","spanId":"${span}"}`,
      `{${start},"traceId":"${trace.slice(1)}g","spanId":"${span}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":12}`,
      `{${start},"traceId":"${trace}","traceId":"${trace.slice(2)}","spanId":"${span}"}`,
      `{${start},"traceId":"nope","traceId":"${trace}","spanId":"x","spanId":"${span}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","spanId":"${span.toUpperCase()}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":"${parent}","parentSpanId":null}`,
    ];
    for (const text of identified) agrees(text);
    const hexIdsOf = (text: string) => scanIngestBody(Buffer.from(`{"spans":[${text}]}`))!.spans[0].hexIds;
    expect(identified.map(hexIdsOf)).toEqual([7, 0, 3, 3, 7, 3, 2, 2, 2, 3, 2, 3, 1, 3]);
    // in one body a span's trace (parent) id is the previous trace (parent) id's string when its bytes are the same
    // (repeatedIdAt): the same answers, and ids that differ in their last byte, are longer or upper-case are not taken for it
    const together = [
      ...identified,
      `{${start},"traceId":"${trace.slice(0, 31)}c","spanId":"${span}","parentSpanId":"${parent}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":"${parent}"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":"${parent.slice(0, 15)}0"}`,
      `{${start},"traceId":"${trace.toUpperCase()}","spanId":"${span}","parentSpanId":"${parent}0"}`,
      `{${start},"traceId":"${trace}","spanId":"${span}","parentSpanId":"${parent.toUpperCase()}"}`,
    ];
    const body = Buffer.from(`{"spans":[${together.join(',')}]}`);
    const all = scanIngestBody(body)!;
    expectSame(all, JSON.parse(body.toString()));
    expect(all.spans.map((s) => s.traceId)).toEqual(together.map((t) => (JSON.parse(t) as { traceId: unknown }).traceId));
    expect(all.spans.map((s) => s.parentSpanId)).toEqual(together.map((t) => (JSON.parse(t) as { parentSpanId: unknown }).parentSpanId));
    expect(all.spans.map((s) => s.hexIds)).toEqual([7, 0, 3, 3, 7, 3, 2, 2, 2, 3, 2, 3, 1, 3, 7, 7, 7, 2, 3]);
    const scannedAt = (k: number) => scanIngestBody(Buffer.from(`{"spans":[${timed[k]}]}`))!.spans[0];
    expect([scannedAt(0).startUs, scannedAt(0).endUs, scannedAt(0).startTime]).toEqual([
      Date.UTC(2026, 11, 1, 10) * 1000,
      Date.UTC(2026, 11, 1, 10, 0, 1, 123) * 1000 + 456,
      undefined,
    ]);
    expect([scannedAt(1).startUs, scannedAt(1).startTime]).toEqual([undefined, '2026-12-01T12:00:00+01:00']);
    expect([scannedAt(2).startUs, scannedAt(2).startTime]).toEqual([Date.UTC(2026, 11, 1, 10) * 1000, undefined]);
    expect([scannedAt(4).startUs, scannedAt(4).startTime]).toEqual([undefined, '2026-02-30T10:00:00.000Z']);
    expect(outcome(scannedAt(5))).toBe('startTime must be within the last 365 days and at most 1 day ahead');
    expect([scannedAt(8).startUs, scannedAt(8).startTime]).toEqual([undefined, null]);
    expect(outcome(scanIngestBody(Buffer.from(`{"spans":[${texts[0]}]}`))!.spans[0])).toBe('5 is not a known field');
    expect((outcome(scanIngestBody(Buffer.from(`{"spans":[${texts[2]}]}`))!.spans[0]) as { name: string }).name).toBe('second');
  });

  it("takes span values nested to the API's depth limit and falls back deeper, where the body parser's scan says 400", () => {
    const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
    const objects = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
    const span = '"traceId":"' + 'ab'.repeat(16) + '","spanId":"' + 'cd'.repeat(8) + '","name":"a","kind":"llm"';
    for (const field of ['input', 'output', 'attributes', 'usage', 'costUsd', 'unknownField']) {
      for (const nest of [arrays, objects]) {
        // the value's levels + the body's three (the body, spans, the span) = MAX_JSON_DEPTH (64), then one more
        const at = (levels: number) => Buffer.from(`{"spans":[{${span},"${field}":${nest(levels)}}]}`);
        expect([field, jsonDepthExceeds(at(61)), scanIngestBody(at(61)) !== undefined]).toEqual([field, false, true]);
        expect([field, jsonDepthExceeds(at(62)), scanIngestBody(at(62))]).toEqual([field, true, undefined]);
      }
    }
  });

  it('falls back (undefined) on everything it does not handle', () => {
    const ok = { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'n', kind: 'llm', startTime: '2026-12-01T10:00:00Z' };
    const cases: [string, Buffer][] = [
      ['NUL escape', Buffer.from(JSON.stringify({ spans: [{ ...ok, input: 'a\u0000b' }] }))],
      ['lone high surrogate', Buffer.from(`{"spans":[{"input":"\\ud800x"}]}`)],
      ['lone low surrogate', Buffer.from(`{"spans":[{"output":["\\udc00"]}]}`)],
      ['reversed pair', Buffer.from(`{"spans":[{"output":"\\udc00\\ud800"}]}`)],
      ['__proto__ key', Buffer.from(`{"spans":[{"input":{"a":{"__proto__":{"x":1}}}}]}`)],
      ['escaped __proto__ key', Buffer.from(`{"spans":[{"input":{"\\u005f_proto__":1}}]}`)],
      ['constructor key', Buffer.from(`{"spans":[{"attributes":{"constructor":{"prototype":{}}}}]}`)],
      ['span __proto__', Buffer.from(`{"spans":[{"__proto__":{}}]}`)],
      ['BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body([ok])])],
      ['invalid UTF-8', Buffer.concat([Buffer.from('{"spans":[{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')])],
      ['UTF-8 surrogate', Buffer.concat([Buffer.from('{"spans":[{"input":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}]}')])],
      ['other top-level key', Buffer.from(JSON.stringify({ spans: [ok], x: 1 }))],
      ['key before spans', Buffer.from(JSON.stringify({ x: 1, spans: [ok] }))],
      ['no spans', Buffer.from('{}')],
      ['spans not an array', Buffer.from('{"spans":{}}')],
      ['span not an object', Buffer.from('{"spans":[1]}')],
      ['too many spans', body(Array.from({ length: MAX_SPANS_PER_BATCH + 1 }, () => ok))],
      ['huge exponent', Buffer.from(`{"spans":[{"input":1e4000}]}`)],
      ['long number', Buffer.from(`{"spans":[{"input":${'9'.repeat(101)}}]}`)],
      ['257 attributes', body([{ ...ok, attributes: Object.fromEntries(Array.from({ length: 257 }, (_, k) => [`k${k}`, k])) }])],
      ['trailing comma', Buffer.from(`{"spans":[{"input":[1,]}]}`)],
      ['leading zero', Buffer.from(`{"spans":[{"input":01}]}`)],
      ['raw control character', Buffer.from(`{"spans":[{"name":"a\tb"}]}`)],
      ['bad escape', Buffer.from(`{"spans":[{"name":"a\\xb"}]}`)],
      ['truncated', Buffer.from(`{"spans":[{"input":"abc`)],
      ['trailing data', Buffer.from(`{"spans":[]} x`)],
      ['single quotes', Buffer.from(`{'spans':[]}`)],
      ['NaN', Buffer.from(`{"spans":[{"costUsd":NaN}]}`)],
    ];
    for (const [what, buf] of cases) expect([what, scanIngestBody(buf)]).toEqual([what, undefined]);
  });

  it('keeps what it may: paired surrogate escapes, escaped keys, 256 attributes, long attribute keys flagged', () => {
    const pair = scanIngestBody(Buffer.from(`{"spans":[{"input":"\\ud83d\\ude00","name":"\\u00e9\\n"}]}`))!;
    expect((pair.spans[0].input as JsonBytes).value).toBe('😀');
    expect(pair.spans[0].name).toBe('é\n');
    const attrs = Object.fromEntries(Array.from({ length: 256 }, (_, k) => [`k${k}`, k]));
    expect((scanIngestBody(body([{ attributes: attrs }]))!.spans[0].attributes as JsonBytes).keyCount).toBe(256);
    const long = scanIngestBody(body([{ attributes: { ['é'.repeat(256)]: 1 } }]))!.spans[0].attributes as JsonBytes;
    expect(long.longKey).toBe(false); // 256 UTF-16 units in 512 bytes
    expect((scanIngestBody(body([{ attributes: { ['😀'.repeat(129)]: 1 } }]))!.spans[0].attributes as JsonBytes).longKey).toBe(true);
    expect((scanIngestBody(body([{ attributes: { ['a'.repeat(257)]: 1 } }]))!.spans[0].attributes as JsonBytes).longKey).toBe(true);
    expect(
      (scanIngestBody(Buffer.from(`{"spans":[{"attributes":{"\\u0061${'a'.repeat(256)}":1}}]}`))!.spans[0].attributes as JsonBytes).longKey,
    ).toBe(true);
    // nested keys are not attributes
    expect((scanIngestBody(body([{ attributes: { a: { ['a'.repeat(300)]: 1 } } }]))!.spans[0].attributes as JsonBytes).longKey).toBe(false);
    expect((scanIngestBody(body([{ attributes: [1] }]))!.spans[0].attributes as JsonBytes).isObject).toBe(false);
  });

  it('agrees with JSON.parse on random bodies (fuzz)', () => {
    const r = rng(19);
    let scanned = 0;
    for (let round = 0; round < 1000; round++) {
      const spans = Array.from({ length: 1 + Math.floor(r() * 3) }, () => randomSpan(r));
      const text = `{${r() < 0.5 ? ' ' : ''}"spans"${r() < 0.5 ? '\n' : ''}:[${spans.map((s) => write(s, r)).join(',')}]}`;
      const buf = Buffer.from(text);
      const parsed = JSON.parse(text);
      const out = scanIngestBody(buf);
      if (out === undefined) {
        // only for what it is documented to leave to JSON.parse
        expect(text).toMatch(/\\u0000|__proto__|constructor|[\uD800-\uDFFF]|\\ud[89a-f]/i);
        continue;
      }
      scanned++;
      expectSame(out, parsed);
    }
    expect(scanned).toBeGreaterThan(600);
  });

  it('finds every quote, escape and control character in long strings, at each offset of the 16-byte SIMD steps', () => {
    let both = 0;
    // (as JSON text: valid escapes, a raw DEL and multi-byte characters are fine; a raw quote ends the string early,
    // `\y` is no escape, raw control characters are invalid)
    const valid = ['\\n', '\\\\', '\\"', '\\u00e9', '\\ud83d\\ude00', '\u007f', 'é', '😀', ''];
    const invalid = ['"', '\\', '\n', '\u0001', '\u001f'];
    for (const stop of [...valid, ...invalid])
      for (let at = 0; at < 40; at++)
        for (const field of ['name', 'input']) {
          const str = 'x'.repeat(at) + stop + 'y'.repeat(40 - at);
          const text = `{"spans":[{"${field}":"${str}","kind":"llm"}]}`;
          // and the same text cut inside the string (an unterminated string at the end of the body)
          for (const t of [text, text.slice(0, text.indexOf(str) + at + stop.length)]) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(t);
            } catch {
              parsed = undefined;
            }
            const out = scanIngestBody(Buffer.from(t));
            if (parsed === undefined) expect([t, out]).toEqual([t, undefined]);
            else {
              expect(out).toBeDefined();
              expectSame(out!, parsed as { spans: Record<string, unknown>[] });
              both++;
            }
          }
        }
    expect(both).toBe(valid.length * 40 * 2);
  });

  it('never accepts what JSON.parse refuses, never disagrees on what both accept (mutation fuzz)', () => {
    const r = rng(7);
    const ALPHABET = Buffer.from('{}[]",:\\ 0123456789.eE+-tfnrula\u00e9');
    let both = 0;
    for (let round = 0; round < 2500; round++) {
      const spans = Array.from({ length: 1 + Math.floor(r() * 2) }, () => randomSpan(r));
      const buf = Buffer.from(JSON.stringify({ spans }));
      const edits = 1 + Math.floor(r() * 3);
      let mutated: Buffer = buf;
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * mutated.length);
        const kind = r();
        const byte = r() < 0.1 ? Math.floor(r() * 256) : ALPHABET[Math.floor(r() * ALPHABET.length)];
        if (kind < 0.4) {
          mutated = Buffer.from(mutated);
          mutated[at] = byte;
        } else if (kind < 0.7) mutated = Buffer.concat([mutated.subarray(0, at), Buffer.from([byte]), mutated.subarray(at)]);
        else if (kind < 0.95) mutated = Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1)]);
        else mutated = mutated.subarray(0, at);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(mutated));
      } catch {
        parsed = undefined;
      }
      const out = scanIngestBody(mutated);
      if (parsed === undefined) {
        expect(out).toBeUndefined();
        continue;
      }
      if (out === undefined) continue;
      both++;
      expectSame(out, parsed as { spans: Record<string, unknown>[] });
    }
    expect(both).toBeGreaterThan(100);
  });
});
