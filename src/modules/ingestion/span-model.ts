/**
 * The span model of API.md ("Traces"): validation and normalisation of one span as sent by the SDKs
 * (or mapped from OTLP by another decoder). Hand-written rather than class-validator because it runs
 * for up to 1000 spans per request on the hot path and must report errors per span, not per request.
 */
export const SPAN_KINDS = [
  'agent',
  'llm',
  'tool',
  'retrieval',
  'embedding',
  'reranker',
  'guardrail',
  'evaluator',
  'chain',
  'other',
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];
export const SPAN_STATUSES = ['ok', 'error', 'unset'] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];

/** Codes of per-span errors in the ingest response. */
export const INGEST_ERROR_CODES = ['validation_failed', 'timestamp_out_of_range'] as const;
export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];

export const MAX_SPANS_PER_BATCH = 1000;
/** After gzip decompression. */
export const MAX_INGEST_BODY_BYTES = 5 * 1024 * 1024;

export const LIMITS = {
  name: 512,
  statusMessage: 8192,
  model: 256,
  attributeKey: 256,
  attributeCount: 256,
  tokens: 1e12,
  costUsd: 1e6,
  /** spans may start at most this long ago (the longest plan retention) … */
  maxAgeMs: 365 * 86400_000,
  /** … and at most this far ahead (clock skew). */
  maxAheadMs: 86400_000,
} as const;

/** The fields of a span (API.md), in the order of ingest-body.ts's `Field`. */
export const SPAN_FIELD_NAMES: readonly string[] = [
  'traceId',
  'spanId',
  'parentSpanId',
  'name',
  'kind',
  'startTime',
  'endTime',
  'status',
  'statusMessage',
  'input',
  'output',
  'attributes',
  'model',
  'usage',
  'costUsd',
];
const SPAN_FIELDS = new Set(SPAN_FIELD_NAMES);
const USAGE_FIELDS = new Set(['inputTokens', 'outputTokens', 'totalTokens']);
const KINDS = new Set<string>(SPAN_KINDS);
const STATUSES = new Set<string>(SPAN_STATUSES);
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** A valid span, normalised (lower-case ids, epoch microseconds, null for absent optional fields). */
export interface NormalizedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  /** epoch microseconds (exact: below 2^53 until the year 2255) */
  startUs: number;
  endUs: number | null;
  status: SpanStatus;
  statusMessage: string | null;
  input: unknown;
  output: unknown;
  attributes: Record<string, unknown> | JsonBytes | null;
  model: string | null;
  usage: { inputTokens: number; outputTokens: number; totalTokens: number } | null;
  costUsd: number | null;
}

export class SpanError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const fail = (message: string, code: IngestErrorCode = 'validation_failed') => new SpanError(code, message);

/** What SDKs send: Date#toISOString ("2026-01-31T12:00:00.000Z") or the same with microseconds (".000000Z"). */
const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(?:\d{3}|\d{6})Z$/;

/** The decimal number in `s` at [from, from + length) (the caller has checked they are digits). */
function digits(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** Epoch µs of a UTC date and time (fields as written, month 1-12), or null for an impossible one (Feb 30, 24:00). */
function utcUs(y: number, mo: number, d: number, h: number, mi: number, sec: number, fractionUs: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  // days 29-31 exist only in some months: such a date must not roll over into the next month
  if (d > 28 && new Date(ms).getUTCDate() !== d) return null;
  return ms * 1000 + fractionUs;
}

/** The decimal number in `bytes` at [from, from + length), or -1 when one of them is not a digit. */
function digitsAt(bytes: Uint8Array, from: number, length: number): number {
  let n = 0;
  for (let k = from; k < from + length; k++) {
    const c = bytes[k] - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * `parseTimestamp` of the canonical form (what SDKs send: "2026-01-31T12:00:00.000Z" or with six fraction digits)
 * read straight from the bytes [start, end) of a request body, sparing the string: the same epoch µs, or null for
 * anything else (another form, an impossible date), which the caller then parses as a string.
 */
export function canonicalTimestampUs(bytes: Uint8Array, start: number, end: number): number | null {
  const length = end - start;
  if (length !== 24 && length !== 27) return null;
  if (
    bytes[start + 4] !== 0x2d ||
    bytes[start + 7] !== 0x2d ||
    bytes[start + 10] !== 0x54 ||
    bytes[start + 13] !== 0x3a ||
    bytes[start + 16] !== 0x3a ||
    bytes[start + 19] !== 0x2e ||
    bytes[end - 1] !== 0x5a
  )
    return null;
  const y = digitsAt(bytes, start, 4);
  const mo = digitsAt(bytes, start + 5, 2);
  const d = digitsAt(bytes, start + 8, 2);
  const h = digitsAt(bytes, start + 11, 2);
  const mi = digitsAt(bytes, start + 14, 2);
  const sec = digitsAt(bytes, start + 17, 2);
  const fraction = digitsAt(bytes, start + 20, length - 21);
  if ((y | mo | d | h | mi | sec | fraction) < 0) return null;
  return utcUs(y, mo, d, h, mi, sec, length === 24 ? fraction * 1000 : fraction);
}

/**
 * Parses an ISO-8601 timestamp with an explicit offset into epoch MICROseconds (up to 9 fraction digits are
 * accepted; digits past the microsecond are dropped); rejects impossible dates (Feb 30, 24:00).
 */
export function parseTimestamp(value: string): number | null {
  // Fast path for what SDKs send: fields read from the digits.
  if ((value.length === 24 || value.length === 27) && CANONICAL.test(value)) {
    const y = digits(value, 0, 4);
    const mo = digits(value, 5, 2);
    const d = digits(value, 8, 2);
    const h = digits(value, 11, 2);
    const mi = digits(value, 14, 2);
    const sec = digits(value, 17, 2);
    return utcUs(y, mo, d, h, mi, sec, value.length === 24 ? digits(value, 20, 3) * 1000 : digits(value, 20, 6));
  }
  const m = ISO.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const base = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(base).getUTCDate() !== d) return null;
  const us = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  let offsetMin = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMin = (oh * 60 + om) * (m[9] === '-' ? -1 : 1);
  }
  return (base - offsetMin * 60_000) * 1000 + us;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const HOUR_US = 3_600_000_000;
const MAX_FAST_US = 253_402_300_800_000_000; // 10000-01-01: beyond, toISOString has six-digit years
let cachedHour = Number.NaN;
let cachedPrefix = '';

/**
 * Epoch µs → ISO-8601 with six fraction digits ("2026-01-31T12:00:00.123456Z"), how span times are returned.
 * The `YYYY-MM-DDTHH:` prefix of the last hour seen is reused: spans of a batch or a trace mostly share it.
 */
export function isoFromUs(us: number): string {
  if (us < 0 || us >= MAX_FAST_US || !Number.isInteger(us)) {
    const ms = Math.floor(us / 1000);
    return `${new Date(ms).toISOString().slice(0, -1)}${String(Math.floor(us - ms * 1000)).padStart(3, '0')}Z`;
  }
  const inHour = us % HOUR_US;
  const hour = us - inHour;
  if (hour !== cachedHour) {
    cachedPrefix = new Date(hour / 1000).toISOString().slice(0, 14);
    cachedHour = hour;
  }
  const inMinute = inHour % 60_000_000;
  return `${cachedPrefix}${pad2(Math.floor(inHour / 60_000_000))}:${pad2(Math.floor(inMinute / 1_000_000))}.${String(inMinute % 1_000_000).padStart(6, '0')}Z`;
}

/** `clean`: false for the body scanner's strings, which cannot hold NUL nor a lone surrogate (see ScannedSpan) */
function optionalString(v: unknown, field: string, max: number, clean: boolean): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw fail(`${field} must be a string`);
  if (v.length > max) throw fail(`${field} must be at most ${max} characters`);
  return clean ? cleanText(v) : v;
}

/** `v` as epoch µs within the accepted range; `scannedUs` is the body scanner's reading of a canonical `v` (ScannedSpan). */
function timestamp(v: unknown, field: string, now: number, required: boolean, scannedUs?: number): number | null {
  let us: number | null;
  if (scannedUs !== undefined) us = scannedUs;
  else {
    if (v === undefined || v === null) {
      if (required) throw fail(`${field} is required`);
      return null;
    }
    if (typeof v !== 'string' || v.length > 40)
      throw fail(`${field} must be an ISO-8601 timestamp with a time zone, e.g. 2026-01-31T12:00:00.000Z`);
    us = parseTimestamp(v);
    if (us === null) throw fail(`${field} must be an ISO-8601 timestamp with a time zone, e.g. 2026-01-31T12:00:00.000000Z`);
  }
  if (us < (now - LIMITS.maxAgeMs) * 1000 || us > (now + LIMITS.maxAheadMs) * 1000) {
    throw fail(`${field} must be within the last 365 days and at most 1 day ahead`, 'timestamp_out_of_range');
  }
  return us;
}

function tokenCount(usage: Record<string, unknown>, field: string): number | undefined {
  const v = usage[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > LIMITS.tokens) {
    throw fail(`usage.${field} must be an integer between 0 and ${LIMITS.tokens}`);
  }
  return v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A span as the ingest body scanner (ingest-body.ts) read it: the values JSON.parse would give for each field of the
 * span model (undefined when absent), in one fixed shape whatever order and subset of fields a client sends, so the
 * property accesses of the scanner and of `normalizeSpan` stay monomorphic (a plain object per span takes the shape
 * of its keys' order: with the optional fields SDKs omit, enough shapes to make every access a megamorphic lookup).
 * Keys that are not span fields are kept in `extra`, in the order a plain object enumerates them.
 */
export const HEX_TRACE_ID = 1;
export const HEX_SPAN_ID = 2;
export const HEX_PARENT_ID = 4;

export class ScannedSpan {
  traceId: unknown = undefined;
  spanId: unknown = undefined;
  parentSpanId: unknown = undefined;
  name: unknown = undefined;
  kind: unknown = undefined;
  startTime: unknown = undefined;
  endTime: unknown = undefined;
  /** `startTime` read from the body's bytes as epoch µs when it was in the canonical form (`startTime` is then undefined) */
  startUs: number | undefined = undefined;
  /** the same for `endTime` */
  endUs: number | undefined = undefined;
  /**
   * HEX_TRACE_ID, HEX_SPAN_ID, HEX_PARENT_ID: the scanner found that id to be lower-case hex of the right length (SDKs'
   * form), so `normalizeSpan` need not test nor lower-case it. (Strings the scanner reads never hold NUL nor a lone
   * surrogate: it falls back on `\u0000` and lone surrogate escapes, and the body is valid UTF-8.)
   */
  hexIds = 0;
  status: unknown = undefined;
  statusMessage: unknown = undefined;
  input: unknown = undefined;
  output: unknown = undefined;
  attributes: unknown = undefined;
  model: unknown = undefined;
  usage: unknown = undefined;
  costUsd: unknown = undefined;
  extra: Record<string, unknown> | undefined = undefined;
}

/** Validates one span; throws SpanError naming the first problem. `now` bounds the timestamps. */
export function normalizeSpan(span: unknown, now: number): NormalizedSpan {
  let raw: Record<string, unknown>;
  let scannedStartUs: number | undefined;
  let scannedEndUs: number | undefined;
  let hexIds = 0;
  let clean = true;
  if (span instanceof ScannedSpan) {
    scannedStartUs = span.startUs;
    scannedEndUs = span.endUs;
    hexIds = span.hexIds;
    clean = false;
    if (span.extra !== undefined) for (const key in span.extra) throw fail(`${key.slice(0, 64)} is not a known field`);
    raw = span as unknown as Record<string, unknown>;
  } else {
    if (!isPlainObject(span)) throw fail('a span must be a JSON object');
    for (const key in span) {
      if (!SPAN_FIELDS.has(key)) throw fail(`${key.slice(0, 64)} is not a known field`);
    }
    raw = span;
  }
  const { traceId, spanId, parentSpanId, name, kind, status } = raw;
  if (!(hexIds & HEX_TRACE_ID) && (typeof traceId !== 'string' || !TRACE_ID.test(traceId)))
    throw fail('traceId must be 32 hex characters, not all zero');
  const trace = hexIds & HEX_TRACE_ID ? (traceId as string) : (traceId as string).toLowerCase();
  if (trace === ZERO_TRACE) throw fail('traceId must be 32 hex characters, not all zero');
  if (!(hexIds & HEX_SPAN_ID) && (typeof spanId !== 'string' || !SPAN_ID.test(spanId)))
    throw fail('spanId must be 16 hex characters, not all zero');
  const id = hexIds & HEX_SPAN_ID ? (spanId as string) : (spanId as string).toLowerCase();
  if (id === ZERO_SPAN) throw fail('spanId must be 16 hex characters, not all zero');
  let parent: string | null = null;
  if (parentSpanId !== undefined && parentSpanId !== null && parentSpanId !== '') {
    if (!(hexIds & HEX_PARENT_ID) && (typeof parentSpanId !== 'string' || !SPAN_ID.test(parentSpanId)))
      throw fail('parentSpanId must be 16 hex characters');
    parent = hexIds & HEX_PARENT_ID ? (parentSpanId as string) : (parentSpanId as string).toLowerCase();
    if (parent === ZERO_SPAN) parent = null;
  }
  if (typeof name !== 'string' || name.length === 0) throw fail('name is required');
  if (name.length > LIMITS.name) throw fail(`name must be at most ${LIMITS.name} characters`);
  if (typeof kind !== 'string' || !KINDS.has(kind)) throw fail(`kind must be one of ${SPAN_KINDS.join(', ')}`);
  let st: SpanStatus = 'unset';
  if (status !== undefined && status !== null) {
    if (typeof status !== 'string' || !STATUSES.has(status)) throw fail(`status must be one of ${SPAN_STATUSES.join(', ')}`);
    st = status as SpanStatus;
  }
  const startUs = timestamp(raw.startTime, 'startTime', now, true, scannedStartUs) as number;
  const endUs = timestamp(raw.endTime, 'endTime', now, false, scannedEndUs);
  if (endUs !== null && endUs < startUs) throw fail('endTime must not be before startTime');
  const statusMessage = optionalString(raw.statusMessage, 'statusMessage', LIMITS.statusMessage, clean);
  const model = optionalString(raw.model, 'model', LIMITS.model, clean);

  let attributes: Record<string, unknown> | JsonBytes | null = null;
  if (raw.attributes instanceof JsonBytes) {
    // the ingest body scanner's byte range (ingest-body.ts): it counted the keys (at most attributeCount, else it fell back)
    if (!raw.attributes.isObject) throw fail('attributes must be a JSON object');
    if (raw.attributes.keyCount > LIMITS.attributeCount) throw fail(`attributes may have at most ${LIMITS.attributeCount} keys`);
    if (raw.attributes.longKey) throw fail(`attribute names must be at most ${LIMITS.attributeKey} characters`);
    attributes = raw.attributes;
  } else if (raw.attributes !== undefined && raw.attributes !== null) {
    if (!isPlainObject(raw.attributes)) throw fail('attributes must be a JSON object');
    let n = 0;
    for (const key in raw.attributes) {
      if (++n > LIMITS.attributeCount) throw fail(`attributes may have at most ${LIMITS.attributeCount} keys`);
      if (key.length > LIMITS.attributeKey) throw fail(`attribute names must be at most ${LIMITS.attributeKey} characters`);
    }
    attributes = raw.attributes;
  }

  let usage: NormalizedSpan['usage'] = null;
  if (raw.usage !== undefined && raw.usage !== null) {
    if (!isPlainObject(raw.usage)) throw fail('usage must be an object { inputTokens, outputTokens, totalTokens }');
    for (const key in raw.usage) if (!USAGE_FIELDS.has(key)) throw fail(`usage.${key.slice(0, 64)} is not a known field`);
    const input = tokenCount(raw.usage, 'inputTokens');
    const output = tokenCount(raw.usage, 'outputTokens');
    const total = tokenCount(raw.usage, 'totalTokens');
    usage = { inputTokens: input ?? 0, outputTokens: output ?? 0, totalTokens: total ?? (input ?? 0) + (output ?? 0) };
  }

  let costUsd: number | null = null;
  if (raw.costUsd !== undefined && raw.costUsd !== null) {
    if (typeof raw.costUsd !== 'number' || !Number.isFinite(raw.costUsd) || raw.costUsd < 0 || raw.costUsd > LIMITS.costUsd) {
      throw fail(`costUsd must be a number between 0 and ${LIMITS.costUsd}`);
    }
    costUsd = raw.costUsd;
  }

  const input = raw.input === undefined ? null : raw.input;
  const output = raw.output === undefined ? null : raw.output;
  if (span instanceof ScannedSpan) {
    // the scanner's object (read once, by this call) normalised in place: one object less per span; its other fields
    // (startTime, endTime, hexIds, extra) stay but are no part of NormalizedSpan
    span.traceId = trace;
    span.spanId = id;
    span.parentSpanId = parent;
    span.kind = kind;
    span.startUs = startUs;
    (span as { endUs: number | null }).endUs = endUs;
    span.status = st;
    span.statusMessage = statusMessage;
    span.input = input;
    span.output = output;
    span.attributes = attributes;
    span.model = model;
    span.usage = usage;
    span.costUsd = costUsd;
    return span as unknown as NormalizedSpan;
  }
  return {
    traceId: trace,
    spanId: id,
    parentSpanId: parent,
    name: clean ? cleanText(name) : name,
    kind: kind as SpanKind,
    startUs,
    endUs,
    status: st,
    statusMessage,
    input,
    output,
    attributes,
    model,
    usage,
    costUsd,
  };
}

type WellFormed = { isWellFormed(): boolean; toWellFormed(): string };

/** Postgres text cannot hold NUL, and lone UTF-16 surrogates cannot be encoded: replace both. */
export function cleanText(s: string): string {
  let out = s;
  if (out.includes('\u0000')) out = out.replaceAll('\u0000', '\uFFFD');
  if (!(out as unknown as WellFormed).isWellFormed()) out = (out as unknown as WellFormed).toWellFormed();
  return out;
}

/**
 * A JSON value with the JSON text it was parsed from (OTLP content sent as a JSON string): stored from the
 * text, not serialised again. Decoders create it; a request body cannot (it holds plain JSON values only).
 * JSON.stringify writes the value.
 */
export class JsonText {
  constructor(
    readonly text: string,
    readonly value: unknown,
  ) {}

  toJSON(): unknown {
    return this.value;
  }
}

const NOT_PARSED = Symbol('not parsed');

/**
 * A JSON value as a byte range of the request body (the ingest body scanner, ingest-body.ts, validated it: valid
 * UTF-8 and JSON, no `\u0000` nor lone surrogate escape, no `__proto__`/`constructor` key): stored as jsonb from
 * these bytes, parsed only when something needs the value (PII masking, another store). JSON.stringify writes the value.
 */
export class JsonBytes {
  /** the parsed value once `value` was read (NOT_PARSED before) */
  private parsed: unknown = NOT_PARSED;
  /** keyCount × 4 + 2 if longKey + 1 if isObject: one field for three (a span has three of these objects) */
  private readonly info: number;

  constructor(
    readonly source: Buffer,
    readonly start: number,
    readonly end: number,
    isObject: boolean,
    keyCount: number,
    longKey: boolean,
  ) {
    this.info = keyCount * 4 + (longKey ? 2 : 0) + (isObject ? 1 : 0);
  }

  /** a JSON object (else an array, a string, a number or a boolean) */
  get isObject(): boolean {
    return (this.info & 1) !== 0;
  }

  /** keys of the object, when counted (attributes) */
  get keyCount(): number {
    return this.info >>> 2;
  }

  /** a key of the object is longer than LIMITS.attributeKey UTF-16 units (attributes) */
  get longKey(): boolean {
    return (this.info & 2) !== 0;
  }

  get text(): string {
    return this.source.toString('utf8', this.start, this.end);
  }

  get value(): unknown {
    if (this.parsed === NOT_PARSED) this.parsed = JSON.parse(this.text);
    return this.parsed;
  }

  toJSON(): unknown {
    return this.value;
  }
}

/** Deep copy of a JSON value with every string (and key) passed through `cleanText`. */
export function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (value instanceof JsonText || value instanceof JsonBytes) return cleanJson(value.value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[cleanText(k)] = cleanJson(v);
    return out;
  }
  return value;
}

/**
 * JSON text for a jsonb column, or null. JSON.stringify escapes NUL as \u0000 and lone surrogates as
 * \udXXX, both of which jsonb refuses: when either may be present (rare) the value is cleaned first.
 */
export function jsonForStorage(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // the scanner's bytes hold nothing jsonb refuses
  if (value instanceof JsonBytes) return value.text;
  const text = value instanceof JsonText ? value.text : JSON.stringify(value);
  return needsCleaning(text) ? JSON.stringify(cleanJson(value)) : text;
}

/** True when JSON text may hold an escape jsonb refuses (\u0000, a lone surrogate); false positives only cost a cleaning pass. */
export const needsCleaning = (json: string) => json.includes('\\u') && /\\u(?:0000|d[89a-f])/i.test(json);
