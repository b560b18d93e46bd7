import { NormalizedSpan } from '../../span-model';
import { BinaryArrays, BinaryCopyWriter, PG_TYPE } from './binary-copy';
import { textArrayLiteral } from './array-params';
import { newTraceSummaries } from './trace-aggregates';
import { normalizedSpan } from '../../normalized-span.spec-helpers';

const T = 'a'.repeat(32);
const span = (over: Partial<NormalizedSpan>) => normalizedSpan({ traceId: T, startUs: Date.UTC(2026, 0, 1), ...over });

describe('traceSummaries', () => {
  it('summarises a batch per trace like the SQL recompute does', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const [s] = newTraceSummaries([
      span({
        spanId: '2'.repeat(16),
        parentSpanId: '1'.repeat(16),
        name: 'child',
        kind: 'llm',
        model: 'm-b',
        startUs: t0 - 5,
        endUs: t0 + 50,
        status: 'ok',
        usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
        costUsd: 0.1,
      }),
      span({ startUs: t0, endUs: t0 + 10, costUsd: 0.2, status: 'error' }),
      span({
        spanId: '3'.repeat(16),
        parentSpanId: '1'.repeat(16),
        name: 'late',
        model: 'm-a',
        startUs: t0 + 1,
        usage: { inputTokens: 5, outputTokens: 0, totalTokens: 5 },
      }),
    ]);
    expect(s).toEqual({
      traceId: T,
      name: 'root',
      kind: 'agent',
      models: ['m-a', 'm-b'],
      nameRoot: true,
      nameStartUs: t0,
      nameSpanId: '1'.repeat(16),
      startUs: t0 - 5,
      endUs: t0 + 50,
      status: 'error',
      spanCount: 3,
      errorCount: 1,
      okCount: 1,
      inputTokens: 6,
      outputTokens: 2,
      totalTokens: 8,
      costCount: 2,
      cost: '0.300000000',
      costUsd: '0.300000000',
      hasError: true,
    });
  });

  it('without a root, names the trace after its earliest span; costs are exact decimals; status ok beats unset', () => {
    const [s] = newTraceSummaries([
      span({ spanId: 'b'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'second', startUs: 2, costUsd: 0.000179, status: 'ok' }),
      span({ spanId: 'a'.repeat(16), parentSpanId: 'f'.repeat(16), name: 'first', startUs: 1, costUsd: 1234.000000001 }),
    ]);
    expect(s).toMatchObject({
      name: 'first',
      kind: 'agent',
      models: [],
      status: 'ok',
      costUsd: '1234.000179001',
      endUs: null,
      hasError: false,
    });
  });
});

describe('BinaryCopyWriter', () => {
  // Byte-level checks; test/binary-copy.e2e-spec.ts COPYs rows into Postgres and reads them back.
  it('frames the data: signature, header, rows, trailer', () => {
    const buf = new BinaryCopyWriter().row(1).int8(null).finish();
    expect(buf.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(buf.readInt32BE(11)).toBe(0);
    expect(buf.readInt32BE(15)).toBe(0);
    expect(buf.readInt16BE(19)).toBe(1);
    expect(buf.readInt32BE(21)).toBe(-1);
    expect(buf.readInt16BE(25)).toBe(-1);
    expect(buf.length).toBe(27);
  });

  it('encodes timestamps as microseconds since 2000-01-01 and numerics as base-10000 groups', () => {
    const ts = new BinaryCopyWriter()
      .row(1)
      .timestamp(Date.UTC(2000, 0, 1, 0, 0, 1, 5) * 1000 + 7)
      .finish();
    expect(ts.readInt32BE(21)).toBe(8);
    expect(ts.readBigInt64BE(25)).toBe(1_005_007n);
    const n = new BinaryCopyWriter().row(1).numeric9(12345.000179001).finish();
    const groups = n.readInt16BE(25);
    expect([groups, n.readInt16BE(27), n.readUInt16BE(29), n.readInt16BE(31)]).toEqual([5, 1, 0, 9]);
    expect(Array.from({ length: groups }, (_, i) => n.readInt16BE(33 + 2 * i))).toEqual([1, 2345, 1, 7900, 1000]);
    const groupsOf = (v: number) => {
      const b = new BinaryCopyWriter().row(1).numeric9(v).finish();
      return [b.readInt16BE(27), ...Array.from({ length: b.readInt16BE(25) }, (_, i) => b.readInt16BE(33 + 2 * i))];
    };
    // [weight, groups…]: the integer part's base-10000 groups, most significant first, then the 9 decimals (padded to 12)
    expect(groupsOf(0)).toEqual([0, 0, 0, 0, 0]);
    expect(groupsOf(0.000000001)).toEqual([0, 0, 0, 0, 1000]);
    expect(groupsOf(9999.5)).toEqual([0, 9999, 5000, 0, 0]);
    expect(groupsOf(10000)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(groupsOf(1234567.25)).toEqual([1, 123, 4567, 2500, 0, 0]);
    expect(groupsOf(1234.000000001)).toEqual([0, 1234, 0, 0, 1000]);
  });

  it('refuses what it cannot encode', () => {
    expect(() => new BinaryCopyWriter().row(1).uuid('not-a-uuid')).toThrow();
    expect(() => new BinaryCopyWriter().row(1).numeric9(-1)).toThrow();
  });

  it('reuses released buffers without changing a byte, and encodes short and long, ASCII and non-ASCII text alike', () => {
    const encode = () =>
      new BinaryCopyWriter(16)
        .row(5)
        .uuid('0123456789ABCDEF0123456789abcdef')
        .text('a1b2c3d4e5f60718')
        .text('héllo')
        .text('x'.repeat(200) + 'é')
        .jsonb('{"k":"ü"}');
    const first = encode();
    const bytes = Buffer.from(first.finish());
    first.release();
    const again = encode(); // takes the released buffer
    expect(again.finish()).toEqual(bytes);
    again.release();
    const text = (at: number) => bytes.subarray(at + 4, at + 4 + bytes.readInt32BE(at)).toString('utf8');
    expect(bytes.subarray(25, 41).toString('hex')).toBe('0123456789abcdef0123456789abcdef');
    expect(text(41)).toBe('a1b2c3d4e5f60718');
    expect(text(61)).toBe('héllo');
    expect(text(71)).toBe('x'.repeat(200) + 'é');
    expect(bytes.readInt32BE(277)).toBe(1 + Buffer.byteLength('{"k":"ü"}'));
    expect(bytes[281]).toBe(1);
    expect(() => new BinaryCopyWriter().row(1).uuid('0123456789abcdef0123456789abcdeg')).toThrow();
  });

  it('writes byte ranges of a staged source as of any other buffer, also once rows outgrew the room left before it', () => {
    const body = Buffer.from('{"input":{"q":"hé"},"output":[1,2,3],"x":"' + 'y'.repeat(300) + '"}');
    const other = Buffer.from('{"other":true}');
    const ranges: [Buffer, number, number][] = [
      [body, 9, 20],
      [other, 0, other.length],
      [body, 30, 37],
      [body, 0, body.length],
      [body, 9, 20],
    ];
    // (not released: a pooled buffer larger than asked would leave more room than `staged` says)
    const write = (staged: number | null) => {
      const w = new BinaryCopyWriter(16);
      if (staged !== null) w.stage(body, staged);
      for (let k = 0; k < 20; k++) for (const [source, start, end] of ranges) w.row(2).jsonbBytes(source, start, end).text('after');
      return w.finish();
    };
    const plain = write(null);
    expect(plain.readInt32BE(21)).toBe(12);
    expect(plain.subarray(26, 37).toString()).toBe('{"q":"hé"}');
    expect(write(64 * 1024)).toEqual(plain); // every range within the buffer
    expect(write(100)).toEqual(plain); // the rows outgrow the room: the buffer grows, the rest copied from the source
    expect(write(0)).toEqual(plain);
  });
});

describe('BinaryArrays', () => {
  it('frames a one-dimensional array: dimensions, NULL flag, element type, length, lower bound, elements', () => {
    const w = new BinaryArrays(16);
    const a = w.begin(PG_TYPE.int4, 2).int4(7).int4(null).end();
    expect([0, 4, 8, 12, 16].map((at) => a.readInt32BE(at))).toEqual([1, 1, 23, 2, 1]);
    expect([a.readInt32BE(20), a.readInt32BE(24), a.readInt32BE(28)]).toEqual([4, 7, -1]);
    expect(a.length).toBe(32);
    const b = w.begin(PG_TYPE.bool, 1).bool(true).end(); // no NULL: flag 0, whatever the array before had
    expect([b.readInt32BE(4), b.readInt32BE(20), b[24]]).toEqual([0, 1, 1]);
    expect(a.readInt32BE(4)).toBe(1); // the earlier array is unchanged although the buffer grew
    expect(w.begin(PG_TYPE.text, 0).end().readInt32BE(12)).toBe(0);
  });

  it('refuses an int4 out of range and quotes text[] literal elements', () => {
    expect(() => new BinaryArrays().begin(PG_TYPE.int4, 1).int4(2 ** 31)).toThrow();
    expect(() => new BinaryArrays().begin(PG_TYPE.int4, 1).int4(1.5)).toThrow();
    expect(textArrayLiteral(['a', 'say "hi"\\', ''])).toBe('{"a","say \\"hi\\"\\\\",""}');
    expect(textArrayLiteral([])).toBe('{}');
  });
});
