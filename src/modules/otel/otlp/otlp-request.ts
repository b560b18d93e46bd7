/**
 * Decodes an OTLP ExportTraceServiceRequest — protobuf (the generated decoder of proto.ts) or the OTLP
 * JSON encoding — into one plain shape that the mapper reads. Anything that is not a well-formed request
 * throws OtlpDecodeError (HTTP 400, nothing stored). Values that are well-formed but not acceptable
 * (bad ids, timestamps out of range, …) are left for the span model to refuse span by span.
 *
 * JSON per the OTLP spec's JSON mapping: lowerCamelCase field names (snake_case tolerated), trace and span
 * ids as hex (base64, protobuf-JSON's default for bytes, tolerated), int64 as decimal strings or numbers,
 * enums as integers (their names tolerated).
 */
import {
  ExportTraceServiceRequest,
  PbAnyValue,
  PbExportTraceServiceRequest,
  PbInt,
  PbKeyValue,
  PbSpan,
  SPAN_KIND_VALUES,
  STATUS_CODE_VALUES,
} from './proto';

/** A JSON value, as attributes are stored. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attributes = Record<string, AttrValue>;

export interface OtlpEvent {
  name: string;
  /** epoch ms, null when absent or zero */
  /** epoch µs */
  timeUs: number | null;
  attributes: Attributes;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
}

export interface OtlpSpan {
  /** lower-case hex of the bytes (protobuf) or the JSON string as sent (validated by the span model) */
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  /** OTLP SpanKind, 0 … 5 */
  kind: number;
  /** epoch ms (the span model keeps milliseconds); null when absent or zero; NaN when not representable */
  /** epoch µs */
  startUs: number | null;
  endUs: number | null;
  attributes: Attributes;
  events: OtlpEvent[];
  links: OtlpLink[];
  /** OTLP StatusCode, 0 unset, 1 ok, 2 error */
  statusCode: number;
  statusMessage: string;
}

export interface OtlpScopeSpans {
  scopeName: string;
  scopeVersion: string;
  spans: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource: Attributes;
  scopeSpans: OtlpScopeSpans[];
}

export class OtlpDecodeError extends Error {}

/** Nested AnyValues deeper than this become null (no unbounded recursion on hostile input). */
export const MAX_VALUE_DEPTH = 32;

/** Sets a key on a record built from untrusted input (`__proto__` stays an own property, never the prototype). */
export function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// ---------------------------------------------------------------------------------------------------
// time: unix nanoseconds → epoch microseconds, exactly (uint64 does not fit a double)

const TWO_32_US = 4_294_967; // floor(2^32 / 1e3)
const TWO_32_REST = 296; // 2^32 - 4_294_967 * 1e3

/** uint64 nanoseconds (protobuf Long or number) → epoch µs; null for absent or zero. */
export function nanosToUs(value: PbInt): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value > 0 ? Math.floor(value / 1e3) : value === 0 ? null : Number.NaN;
  const hi = value.high >>> 0;
  const lo = value.low >>> 0;
  if (hi === 0 && lo === 0) return null;
  // hi·2^32 + lo = hi·4294967·10^3 + (hi·296 + lo), and the second term is < 2^53, so this is exact
  const rest = hi * TWO_32_REST + lo;
  return hi * TWO_32_US + (rest - (rest % 1e3)) / 1e3;
}

/** JSON int64 nanoseconds (decimal string or number) → epoch µs. */
function jsonNanosToUs(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new OtlpDecodeError(`${path} must be a non-negative integer`);
    return nanosToUs(value);
  }
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value))
    throw new OtlpDecodeError(`${path} must be unix nanoseconds as a decimal string or number`);
  if (/^0+$/.test(value)) return null;
  return value.length > 3 ? Number(value.slice(0, -3)) : 0;
}

// ---------------------------------------------------------------------------------------------------
// protobuf

/** Bytes → lower-case hex (the decoder hands out Buffer views of the body; other Uint8Arrays are wrapped, not copied). */
const hex = (bytes: Uint8Array | null | undefined): string => {
  if (!bytes || bytes.length === 0) return '';
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)).toString('hex');
};

function pbInt(value: PbInt): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  const n = value.toNumber();
  return Number.isSafeInteger(n) ? n : value.toString();
}

function pbValue(v: PbAnyValue | null | undefined, depth: number): AttrValue {
  if (!v) return null;
  // `value` names the member of the AnyValue oneof that is set (protobufjs's virtual oneof property); the other
  // members read as their type's default, so only the named one may be looked at.
  switch (v.value) {
    case 'stringValue':
      return v.stringValue ?? '';
    case 'boolValue':
      return v.boolValue ?? false;
    case 'intValue':
      return pbInt(v.intValue);
    case 'doubleValue':
      return Number.isFinite(v.doubleValue) ? (v.doubleValue as number) : String(v.doubleValue);
    case 'arrayValue':
      return depth >= MAX_VALUE_DEPTH ? null : (v.arrayValue?.values ?? []).map((x) => pbValue(x, depth + 1));
    case 'kvlistValue':
      return depth >= MAX_VALUE_DEPTH ? null : pbAttributes(v.kvlistValue?.values, depth + 1);
    case 'bytesValue':
      return v.bytesValue ? Buffer.from(v.bytesValue.buffer, v.bytesValue.byteOffset, v.bytesValue.length).toString('base64') : '';
    default:
      return null;
  }
}

function pbAttributes(list: PbKeyValue[] | null | undefined, depth = 0): Attributes {
  const out: Attributes = {};
  if (!list) return out;
  for (const kv of list) setKey(out, kv.key ?? '', pbValue(kv.value, depth));
  return out;
}

/** Shared by spans without events or links (never mutated). */
const NONE: never[] = [];

function pbSpan(s: PbSpan): OtlpSpan {
  return {
    traceId: hex(s.traceId),
    spanId: hex(s.spanId),
    parentSpanId: hex(s.parentSpanId),
    traceState: s.traceState ?? '',
    name: s.name ?? '',
    kind: s.kind ?? 0,
    startUs: nanosToUs(s.startTimeUnixNano),
    endUs: nanosToUs(s.endTimeUnixNano),
    attributes: pbAttributes(s.attributes),
    events: s.events?.length
      ? s.events.map((e) => ({ name: e.name ?? '', timeUs: nanosToUs(e.timeUnixNano), attributes: pbAttributes(e.attributes) }))
      : NONE,
    links: s.links?.length
      ? s.links.map((l) => ({
          traceId: hex(l.traceId),
          spanId: hex(l.spanId),
          traceState: l.traceState ?? '',
          attributes: pbAttributes(l.attributes),
        }))
      : NONE,
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message ?? '',
  };
}

/** Decodes an `application/x-protobuf` body. */
export function decodeProtobuf(body: Uint8Array): OtlpResourceSpans[] {
  let request: PbExportTraceServiceRequest;
  try {
    request = ExportTraceServiceRequest.decode(body);
  } catch {
    throw new OtlpDecodeError('The body is not a valid protobuf-encoded ExportTraceServiceRequest');
  }
  return (request.resourceSpans ?? []).map((rs) => ({
    resource: pbAttributes(rs.resource?.attributes),
    scopeSpans: (rs.scopeSpans ?? []).map((ss) => ({
      scopeName: ss.scope?.name ?? '',
      scopeVersion: ss.scope?.version ?? '',
      spans: (ss.spans ?? []).map(pbSpan),
    })),
  }));
}

// ---------------------------------------------------------------------------------------------------
// JSON

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field by its lowerCamelCase name, or the snake_case original (protobuf JSON parsers accept both). */
function field(obj: Json, camel: string, snake?: string): unknown {
  const v = obj[camel];
  return v !== undefined || !snake ? v : obj[snake];
}

function object(v: unknown, path: string): Json | null {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new OtlpDecodeError(`${path} must be an object`);
  return v;
}

function array(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${path} must be an array`);
  return v;
}

function string(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new OtlpDecodeError(`${path} must be a string`);
  return v;
}

function enumValue(v: unknown, names: Readonly<Record<string, number>>, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && Object.prototype.hasOwnProperty.call(names, v)) return names[v];
  throw new OtlpDecodeError(`${path} must be an enum value (an integer)`);
}

const HEX = /^[0-9a-fA-F]*$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** OTLP JSON ids are hex; protobuf-JSON's base64 for bytes is accepted when it decodes to the id's length. */
function jsonId(v: unknown, bytes: number, path: string): string {
  const s = string(v, path);
  if (s === '' || (HEX.test(s) && s.length === bytes * 2)) return s;
  if (BASE64.test(s) && s.length === Math.ceil(bytes / 3) * 4) {
    const decoded = Buffer.from(s, 'base64');
    if (decoded.length === bytes) return decoded.toString('hex');
  }
  return s.slice(0, 64); // refused by the span model with a message naming the field
}

function jsonValue(v: unknown, path: string, depth: number): AttrValue {
  if (v === undefined || v === null) return null;
  if (!isObject(v)) throw new OtlpDecodeError(`${path} must be an AnyValue object`);
  if (v.stringValue !== undefined && v.stringValue !== null) return string(v.stringValue, `${path}.stringValue`);
  if (v.boolValue !== undefined && v.boolValue !== null) {
    if (typeof v.boolValue !== 'boolean') throw new OtlpDecodeError(`${path}.boolValue must be a boolean`);
    return v.boolValue;
  }
  if (v.intValue !== undefined && v.intValue !== null) {
    const n = v.intValue;
    if (typeof n === 'number' && Number.isInteger(n)) return n;
    if (typeof n === 'string' && /^-?\d{1,20}$/.test(n)) {
      const parsed = Number(n);
      return Number.isSafeInteger(parsed) ? parsed : n;
    }
    throw new OtlpDecodeError(`${path}.intValue must be an integer (a number or a decimal string)`);
  }
  if (v.doubleValue !== undefined && v.doubleValue !== null) {
    const d = v.doubleValue;
    if (typeof d === 'number') return d;
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return d;
    if (typeof d === 'string' && d.trim() !== '' && Number.isFinite(Number(d))) return Number(d);
    throw new OtlpDecodeError(`${path}.doubleValue must be a number`);
  }
  if (depth >= MAX_VALUE_DEPTH) return null;
  const arrayValue = object(field(v, 'arrayValue', 'array_value'), `${path}.arrayValue`);
  if (arrayValue)
    return array(arrayValue.values, `${path}.arrayValue.values`).map((x, i) => jsonValue(x, `${path}.arrayValue.values[${i}]`, depth + 1));
  const kvlistValue = object(field(v, 'kvlistValue', 'kvlist_value'), `${path}.kvlistValue`);
  if (kvlistValue) return jsonAttributes(kvlistValue.values, `${path}.kvlistValue.values`, depth + 1);
  const bytesValue = field(v, 'bytesValue', 'bytes_value');
  if (bytesValue !== undefined && bytesValue !== null) return string(bytesValue, `${path}.bytesValue`);
  return null;
}

function jsonAttributes(v: unknown, path: string, depth = 0): Attributes {
  const out: Attributes = {};
  array(v, path).forEach((kv, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(kv)) throw new OtlpDecodeError(`${at} must be a KeyValue object`);
    setKey(out, string(kv.key, `${at}.key`), jsonValue(kv.value, `${at}.value`, depth));
  });
  return out;
}

function jsonSpan(v: unknown, path: string): OtlpSpan {
  if (!isObject(v)) throw new OtlpDecodeError(`${path} must be a Span object`);
  const status = object(v.status, `${path}.status`);
  return {
    traceId: jsonId(field(v, 'traceId', 'trace_id'), 16, `${path}.traceId`),
    spanId: jsonId(field(v, 'spanId', 'span_id'), 8, `${path}.spanId`),
    parentSpanId: jsonId(field(v, 'parentSpanId', 'parent_span_id'), 8, `${path}.parentSpanId`),
    traceState: string(field(v, 'traceState', 'trace_state'), `${path}.traceState`),
    name: string(v.name, `${path}.name`),
    kind: enumValue(v.kind, SPAN_KIND_VALUES, `${path}.kind`),
    startUs: jsonNanosToUs(field(v, 'startTimeUnixNano', 'start_time_unix_nano'), `${path}.startTimeUnixNano`),
    endUs: jsonNanosToUs(field(v, 'endTimeUnixNano', 'end_time_unix_nano'), `${path}.endTimeUnixNano`),
    attributes: jsonAttributes(v.attributes, `${path}.attributes`),
    events: array(v.events, `${path}.events`).map((e, i) => {
      const at = `${path}.events[${i}]`;
      if (!isObject(e)) throw new OtlpDecodeError(`${at} must be an Event object`);
      return {
        name: string(e.name, `${at}.name`),
        timeUs: jsonNanosToUs(field(e, 'timeUnixNano', 'time_unix_nano'), `${at}.timeUnixNano`),
        attributes: jsonAttributes(e.attributes, `${at}.attributes`),
      };
    }),
    links: array(v.links, `${path}.links`).map((l, i) => {
      const at = `${path}.links[${i}]`;
      if (!isObject(l)) throw new OtlpDecodeError(`${at} must be a Link object`);
      return {
        traceId: jsonId(field(l, 'traceId', 'trace_id'), 16, `${at}.traceId`),
        spanId: jsonId(field(l, 'spanId', 'span_id'), 8, `${at}.spanId`),
        traceState: string(field(l, 'traceState', 'trace_state'), `${at}.traceState`),
        attributes: jsonAttributes(l.attributes, `${at}.attributes`),
      };
    }),
    statusCode: status ? enumValue(status.code, STATUS_CODE_VALUES, `${path}.status.code`) : 0,
    statusMessage: status ? string(status.message, `${path}.status.message`) : '',
  };
}

/** Decodes an `application/json` body (already parsed by the HTTP layer). */
export function decodeJson(body: unknown): OtlpResourceSpans[] {
  if (!isObject(body)) throw new OtlpDecodeError('The body must be a JSON ExportTraceServiceRequest object');
  return array(field(body, 'resourceSpans', 'resource_spans'), 'resourceSpans').map((rs, i) => {
    const path = `resourceSpans[${i}]`;
    if (!isObject(rs)) throw new OtlpDecodeError(`${path} must be a ResourceSpans object`);
    const resource = object(rs.resource, `${path}.resource`);
    return {
      resource: resource ? jsonAttributes(resource.attributes, `${path}.resource.attributes`) : {},
      scopeSpans: array(field(rs, 'scopeSpans', 'scope_spans'), `${path}.scopeSpans`).map((ss, j) => {
        const at = `${path}.scopeSpans[${j}]`;
        if (!isObject(ss)) throw new OtlpDecodeError(`${at} must be a ScopeSpans object`);
        const scope = object(ss.scope, `${at}.scope`);
        return {
          scopeName: scope ? string(scope.name, `${at}.scope.name`) : '',
          scopeVersion: scope ? string(scope.version, `${at}.scope.version`) : '',
          spans: array(ss.spans, `${at}.spans`).map((s, k) => jsonSpan(s, `${at}.spans[${k}]`)),
        };
      }),
    };
  });
}
