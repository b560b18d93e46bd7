import { decodeJson, decodeProtobuf, MAX_VALUE_DEPTH, nanosToUs, OtlpDecodeError } from './otlp-request';
import { ExportTraceServiceRequest } from './proto';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const PARENT = '53995c3f42cd8ad8';

/** Protobuf bytes of a request, encoded by the generated (official) encoder. */
function protobuf(object: Record<string, unknown>): Uint8Array {
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(object)).finish();
}

const pbSpan = (over: Record<string, unknown> = {}) => ({
  traceId: Buffer.from(TRACE, 'hex'),
  spanId: Buffer.from(SPAN, 'hex'),
  parentSpanId: Buffer.from(PARENT, 'hex'),
  name: 'chat',
  kind: 3,
  startTimeUnixNano: '1767225600123999999',
  endTimeUnixNano: '1767225601000000000',
  ...over,
});
const one = (spans: unknown[], resource: unknown = { attributes: [{ key: 'service.name', value: { stringValue: 'bot' } }] }) => ({
  resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'lib', version: '1.0' }, spans }] }],
});

describe('nanosToUs', () => {
  it('is exact for uint64 nanoseconds up to 2^53 µs (no double rounding at microsecond boundaries)', () => {
    const long = (s: string) => {
      const n = BigInt(s);
      return { low: Number(n & 0xffffffffn) | 0, high: Number(n >> 32n) | 0, unsigned: true, toNumber: () => Number(n), toString: () => s };
    };
    for (const s of ['1767225600123999999', '1767225600124000000', '1767225600123000001', '9007199254740991999', '999', '1000']) {
      expect(nanosToUs(long(s))).toBe(Number(BigInt(s) / 1_000n));
    }
    expect(nanosToUs(long('0'))).toBeNull();
    expect(nanosToUs(null)).toBeNull();
    expect(nanosToUs(2_500_000)).toBe(2500);
  });
});

describe('decodeProtobuf', () => {
  it('decodes spans with hex ids, exact times, resource, scope, events, links and status', () => {
    const [rs] = decodeProtobuf(
      protobuf(
        one([
          pbSpan({
            traceState: 'vendor=1',
            attributes: [{ key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }],
            events: [
              {
                name: 'exception',
                timeUnixNano: '1767225600500000000',
                attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }],
              },
            ],
            links: [{ traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(PARENT, 'hex'), attributes: [] }],
            status: { code: 2, message: 'failed' },
          }),
        ]),
      ),
    );
    expect(rs.resource).toEqual({ 'service.name': 'bot' });
    expect(rs.scopeSpans[0]).toMatchObject({ scopeName: 'lib', scopeVersion: '1.0' });
    expect(rs.scopeSpans[0].spans[0]).toEqual({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: PARENT,
      traceState: 'vendor=1',
      name: 'chat',
      kind: 3,
      startUs: 1767225600123999,
      endUs: 1767225601000000,
      attributes: { 'gen_ai.request.model': 'gpt-4o' },
      events: [{ name: 'exception', timeUs: 1767225600500000, attributes: { 'exception.message': 'boom' } }],
      links: [{ traceId: TRACE, spanId: PARENT, traceState: '', attributes: {} }],
      statusCode: 2,
      statusMessage: 'failed',
    });
  });

  it('converts every AnyValue type; int64 beyond 2^53 stays exact as a string', () => {
    const [rs] = decodeProtobuf(
      protobuf(
        one([
          pbSpan({
            attributes: [
              { key: 's', value: { stringValue: '' } },
              { key: 'b', value: { boolValue: false } },
              { key: 'i', value: { intValue: '-42' } },
              { key: 'big', value: { intValue: '9007199254740993' } },
              { key: 'd', value: { doubleValue: 0.25 } },
              { key: 'nan', value: { doubleValue: Number.NaN } },
              { key: 'bytes', value: { bytesValue: Buffer.from('hi') } },
              { key: 'arr', value: { arrayValue: { values: [{ intValue: 1 }, { stringValue: 'x' }, {}] } } },
              { key: 'kv', value: { kvlistValue: { values: [{ key: 'inner', value: { boolValue: true } }] } } },
              { key: 'empty', value: {} },
              { key: '__proto__', value: { stringValue: 'own' } },
            ],
          }),
        ]),
      ),
    );
    const attrs = rs.scopeSpans[0].spans[0].attributes;
    expect(attrs).toEqual(
      expect.objectContaining({
        s: '',
        b: false,
        i: -42,
        big: '9007199254740993',
        d: 0.25,
        nan: 'NaN',
        bytes: 'aGk=',
        arr: [1, 'x', null],
        kv: { inner: true },
        empty: null,
      }),
    );
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(attrs, '__proto__')).toBe(true);
    expect(JSON.parse(JSON.stringify(attrs)).__proto__).toBe('own');
  });

  it('caps nesting depth instead of recursing without bound', () => {
    let value: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < MAX_VALUE_DEPTH + 5; i++) value = { arrayValue: { values: [value] } };
    const [rs] = decodeProtobuf(protobuf(one([pbSpan({ attributes: [{ key: 'deep', value }] })])));
    let node: unknown = rs.scopeSpans[0].spans[0].attributes.deep;
    let depth = 0;
    while (Array.isArray(node)) {
      node = node[0];
      depth++;
    }
    expect(depth).toBe(MAX_VALUE_DEPTH);
    expect(node).toBeNull();
  });

  it('keeps wrong-length ids as hex for the span model to refuse, and absent fields as empty', () => {
    const [rs] = decodeProtobuf(protobuf({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.from('abcd', 'hex') }] }] }] }));
    expect(rs.resource).toEqual({});
    expect(rs.scopeSpans[0]).toMatchObject({ scopeName: '', scopeVersion: '' });
    expect(rs.scopeSpans[0].spans[0]).toMatchObject({
      traceId: 'abcd',
      spanId: '',
      parentSpanId: '',
      name: '',
      kind: 0,
      startUs: null,
      endUs: null,
      statusCode: 0,
    });
  });

  it('an empty body is an empty request; malformed bytes are an OtlpDecodeError', () => {
    expect(decodeProtobuf(new Uint8Array())).toEqual([]);
    const valid = protobuf(one([pbSpan()]));
    for (const bad of [
      Buffer.from('definitely not protobuf'),
      Buffer.concat([valid, Buffer.from([0xff, 0xff, 0xff])]),
      valid.subarray(0, valid.length - 3),
    ]) {
      expect(() => decodeProtobuf(bad)).toThrow(OtlpDecodeError);
    }
  });
});

describe('decodeJson', () => {
  const jsonSpan = (over: Record<string, unknown> = {}) => ({
    traceId: TRACE,
    spanId: SPAN,
    parentSpanId: PARENT,
    name: 'chat',
    kind: 3,
    startTimeUnixNano: '1767225600123999999',
    endTimeUnixNano: 1767225601000000000,
    attributes: [{ key: 'n', value: { intValue: '7' } }],
    status: { code: 2, message: 'failed' },
    ...over,
  });

  it('decodes the OTLP JSON encoding (hex ids, int64 as strings or numbers, integer enums)', () => {
    const [rs] = decodeJson(one([jsonSpan()]));
    expect(rs.resource).toEqual({ 'service.name': 'bot' });
    expect(rs.scopeSpans[0].spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: PARENT,
      name: 'chat',
      kind: 3,
      startUs: 1767225600123999,
      endUs: 1767225601000000,
      attributes: { n: 7 },
      statusCode: 2,
      statusMessage: 'failed',
    });
  });

  it('tolerates enum names, snake_case fields, base64 ids and unknown fields', () => {
    const [rs] = decodeJson({
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  trace_id: Buffer.from(TRACE, 'hex').toString('base64'),
                  span_id: Buffer.from(SPAN, 'hex').toString('base64'),
                  name: 'x',
                  kind: 'SPAN_KIND_SERVER',
                  start_time_unix_nano: '1767225600000000000',
                  status: { code: 'STATUS_CODE_OK' },
                  futureField: { a: 1 },
                  attributes: [{ key: 'a', value: { array_value: { values: [{ doubleValue: 'Infinity' }, { doubleValue: '1.5' }] } } }],
                },
              ],
            },
          ],
        },
      ],
      somethingNew: true,
    });
    expect(rs.scopeSpans[0].spans[0]).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      kind: 2,
      startUs: 1767225600000000,
      statusCode: 1,
      attributes: { a: ['Infinity', 1.5] },
    });
  });

  it('leaves ids that are neither hex nor base64 for the span model to refuse', () => {
    const [rs] = decodeJson(one([jsonSpan({ traceId: 'not-an-id', spanId: 'ABCDEF0123456789' })]));
    expect(rs.scopeSpans[0].spans[0]).toMatchObject({ traceId: 'not-an-id', spanId: 'ABCDEF0123456789' });
  });

  it('refuses what is not an ExportTraceServiceRequest with the path of the problem', () => {
    const cases: [unknown, string][] = [
      [[], 'The body must be a JSON ExportTraceServiceRequest object'],
      ['x', 'The body must be a JSON ExportTraceServiceRequest object'],
      [{ resourceSpans: {} }, 'resourceSpans must be an array'],
      [{ resourceSpans: [5] }, 'resourceSpans[0] must be a ResourceSpans object'],
      [one([jsonSpan({ attributes: 'nope' })]), 'resourceSpans[0].scopeSpans[0].spans[0].attributes must be an array'],
      [one([jsonSpan({ name: 5 })]), 'resourceSpans[0].scopeSpans[0].spans[0].name must be a string'],
      [one([jsonSpan({ kind: 'SERVERISH' })]), 'resourceSpans[0].scopeSpans[0].spans[0].kind must be an enum value (an integer)'],
      [
        one([jsonSpan({ startTimeUnixNano: '12.5' })]),
        'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano must be unix nanoseconds as a decimal string or number',
      ],
      [
        one([jsonSpan({ attributes: [{ key: 'k', value: { intValue: 'seven' } }] })]),
        'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue must be an integer (a number or a decimal string)',
      ],
      [
        one([jsonSpan({ events: [{ name: 'e', attributes: [{ key: 'k', value: 'raw' }] }] })]),
        'resourceSpans[0].scopeSpans[0].spans[0].events[0].attributes[0].value must be an AnyValue object',
      ],
      [one([jsonSpan({ status: [] })]), 'resourceSpans[0].scopeSpans[0].spans[0].status must be an object'],
    ];
    for (const [body, message] of cases) {
      expect(() => decodeJson(body)).toThrow(new OtlpDecodeError(message));
    }
  });

  it('accepts an empty request', () => {
    expect(decodeJson({})).toEqual([]);
    expect(decodeJson({ resourceSpans: [] })).toEqual([]);
  });
});
