import { isUtf8 } from 'node:buffer';
import { MAX_JSON_DEPTH } from '../../common/http/json-body';
import {
  canonicalTimestampUs,
  HEX_PARENT_ID,
  HEX_SPAN_ID,
  HEX_TRACE_ID,
  JsonBytes,
  MAX_SPANS_PER_BATCH,
  ScannedSpan,
  SPAN_FIELD_NAMES,
} from './span-model';
import { STRING_STOP_WASM } from './string-stop.wasm';

/**
 * The body of POST /api/v1/ingest read straight from its bytes (issue 19): a validating scanner with the rules of
 * JSON.parse + secure-json-parse that yields `{ spans: [...] }` where every span is a ScannedSpan (span-model.ts: the
 * values JSON.parse would give, in one fixed shape), except that `input`, `output` and `attributes` stay byte ranges
 * of the body (`JsonBytes`, null for a JSON null): they are stored as jsonb from those bytes (copied into the binary
 * COPY, never parsed nor serialised in this process). Anything it does not handle returns `undefined`, and the caller parses the body as every other
 * route does (same answers, same errors): bytes that are not valid UTF-8, a byte order mark, invalid JSON, another
 * top-level key than `spans`, an element of `spans` that is not an object, more than MAX_SPANS_PER_BATCH spans, a
 * `__proto__` or `constructor` key anywhere, `\u0000` or a lone surrogate escape (jsonb refuses both: today's path
 * replaces them with U+FFFD), a number longer than 100 characters or with an exponent of more than 3 digits (jsonb's
 * numeric takes what a double cannot, and a double takes what numeric cannot), `attributes` with more than
 * LIMITS.attributeCount keys, nesting deeper than MAX_JSON_DEPTH (the API's limit: the body parser need not scan the
 * bodies it takes, `depthChecked` in ingestion.controller.ts).
 */
export function scanIngestBody(body: Buffer): { spans: ScannedSpan[] } | undefined {
  if (!isUtf8(body)) return undefined;
  load(body);
  b = body;
  n = body.length;
  i = 0;
  repeatedAt[Repeated.TraceId] = repeatedAt[Repeated.ParentSpanId] = -1;
  try {
    ws();
    if (b[i] !== LBRACE) return undefined;
    i++;
    ws();
    if (b[i] !== QUOTE || str() !== 'spans') return undefined;
    colon();
    if (b[i] !== LBRACKET) return undefined;
    i++;
    ws();
    const spans: ScannedSpan[] = [];
    if (b[i] === RBRACKET) i++;
    else
      for (;;) {
        if (b[i] !== LBRACE || spans.length === MAX_SPANS_PER_BATCH) return undefined;
        spans.push(span());
        ws();
        if (b[i] === COMMA) {
          i++;
          ws();
          continue;
        }
        if (b[i] !== RBRACKET) return undefined;
        i++;
        break;
      }
    ws();
    if (b[i] !== RBRACE) return undefined;
    i++;
    ws();
    return i === n ? { spans } : undefined;
  } catch (err) {
    if (err === FALL_BACK) return undefined;
    throw err;
  } finally {
    b = EMPTY;
    repeatedId[Repeated.TraceId] = repeatedId[Repeated.ParentSpanId] = '';
  }
}

/**
 * Deepest nesting of a span field's value the scanner takes: MAX_JSON_DEPTH less the three levels above it (the body,
 * `spans`, the span); deeper falls back, and the body parser answers 400.
 */
export const MAX_DEPTH = MAX_JSON_DEPTH - 3;
/** Keys of `attributes` (LIMITS.attributeCount): more → today's path, which counts distinct keys. */
const MAX_ATTRIBUTE_KEYS = 256;
const MAX_ATTRIBUTE_KEY_LENGTH = 256;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

// (the WebAssembly global of Node, typed here: the project's TypeScript libs have no DOM)
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};
/**
 * string-stop.wat: `stop(p)` is the first index >= p of a quote, a backslash or a control character in the body copied
 * into its memory (16 bytes per SIMD step; JavaScript reads a byte per step). The body is followed there by a quote
 * (so every scan ends) and 16 readable bytes.
 */
const wasm = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(STRING_STOP_WASM, 'base64')), {}).exports as {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  stop(p: number): number;
  ascii(p: number): number;
};
let memory = new Uint8Array(wasm.memory.buffer);
const PAGE = 65536;

function load(body: Buffer): void {
  const need = body.length + 1 + 16;
  if (need > memory.length) {
    wasm.memory.grow(Math.ceil((need - memory.length) / PAGE));
    memory = new Uint8Array(wasm.memory.buffer);
  }
  memory.set(body, 0);
  memory[body.length] = QUOTE;
}

/** Thrown inside the scan: give up, the caller takes the ordinary path. */
const FALL_BACK = new Error('ingest body: not handled by the scanner');
const EMPTY = Buffer.alloc(0);
/** Buffer's own slice decoders (what `toString(encoding, start, end)` ends in, without its argument checks). */
type FastSlices = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };
if (typeof (EMPTY as FastSlices).latin1Slice !== 'function' || typeof (EMPTY as FastSlices).utf8Slice !== 'function') {
  throw new Error('this Node.js has no Buffer#latin1Slice / utf8Slice');
}

// The scan's state (synchronous, one body at a time).
let b: Buffer = EMPTY;
let n = 0;
let i = 0;
/** set by scanString: the string held an escape */
let escaped = false;
/** Bytes that end a run of plain string bytes: the quote, the backslash, control characters (invalid in a string). */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[0x22] = 1;
STRING_STOP[0x5c] = 1;
/** set by skipValue on an object at depth 1: its key count and whether a key is longer than MAX_ATTRIBUTE_KEY_LENGTH */
let topKeys = 0;
let topLongKey = false;
/** count the keys at depth 0 (only for `attributes`) */
let counting = false;

function ws(): void {
  // (locals: the scan's state lives in module variables, which the JIT keeps in memory, not in registers)
  const buf = b;
  const len = n;
  let p = i;
  while (p < len) {
    const c = buf[p];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else break;
  }
  i = p;
}

function colon(): void {
  ws();
  if (b[i] !== COLON) throw FALL_BACK;
  i++;
  ws();
}

function hex4(at: number): number {
  let v = 0;
  for (let k = at; k < at + 4; k++) {
    const c = b[k];
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
    else throw FALL_BACK;
    v = (v << 4) | d;
  }
  return v;
}

/**
 * Scans the string whose opening quote is at `i`; returns the index of its closing quote and leaves `i` after it.
 * Valid escapes only; `\u0000` and lone surrogates fall back (jsonb refuses them); control characters are invalid JSON.
 */
function scanString(): number {
  const buf = b;
  const len = n;
  let p = i + 1;
  let esc = false;
  for (;;) {
    if (p >= len) throw FALL_BACK;
    p = wasm.stop(p);
    if (p >= len) throw FALL_BACK;
    const c = buf[p];
    if (c === QUOTE) {
      escaped = esc;
      i = p + 1;
      return p;
    }
    if (c !== BACKSLASH) throw FALL_BACK; // a control character
    esc = true;
    p = escapeAt(p);
  }
}

/** The escape at `p` (a backslash) → the index after it. */
function escapeAt(p: number): number {
  const e = b[p + 1];
  if (e === 0x75) {
    const u = hex4(p + 2);
    p += 6;
    if (u === 0) throw FALL_BACK;
    if (u >= 0xd800 && u <= 0xdfff) {
      // a high surrogate must be followed by an escaped low one
      if (u >= 0xdc00 || b[p] !== BACKSLASH || b[p + 1] !== 0x75) throw FALL_BACK;
      const low = hex4(p + 2);
      if (low < 0xdc00 || low > 0xdfff) throw FALL_BACK;
      p += 6;
    }
    return p;
  }
  // " \ / b f n r t
  if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) return p + 2;
  throw FALL_BACK;
}

/** The string at `i` as a JS string (what JSON.parse gives). */
function str(): string {
  const start = i + 1;
  // plain ASCII up to its quote (ids, timestamps, names): a Latin-1 slice, no UTF-8 decoding
  const q = wasm.ascii(start);
  if (q < n && b[q] === QUOTE) {
    i = q + 1;
    return (b as FastSlices).latin1Slice(start, q);
  }
  const end = scanString();
  if (escaped) return JSON.parse(b.toString('utf8', start - 1, end + 1)) as string;
  return (b as FastSlices).utf8Slice(start, end);
}

/** 1 for the bytes of lower-case hex digits */
const LOWER_HEX = new Uint8Array(256);
for (const c of Buffer.from('0123456789abcdef', 'latin1')) LOWER_HEX[c] = 1;

/** The string at `i` when it is exactly `length` lower-case hex digits, and `i` after it; else undefined, `i` unchanged. */
function hexIdAt(length: number): string | undefined {
  const buf = b;
  const start = i + 1;
  const end = start + length;
  if (buf[i] !== QUOTE || end >= n || buf[end] !== QUOTE) return undefined;
  for (let k = start; k < end; k++) if (LOWER_HEX[buf[k]] === 0) return undefined;
  i = end + 1;
  return (buf as FastSlices).latin1Slice(start, end);
}

/** Ids whose last string repeatedIdAt keeps: where its digits start in the body (-1: none yet), and the string. */
const enum Repeated {
  TraceId = 0,
  ParentSpanId = 1,
}
const repeatedAt = [-1, -1];
const repeatedId = ['', ''];

/**
 * The id at `i` like `hexIdAt(length)`, answered with the previous string of the same field when its bytes are the
 * same: a trace's spans usually come together, and siblings share their parent. One string per trace (or parent)
 * spares a string per span, its hash, and the character comparisons of every map lookup by trace id downstream
 * (identical strings compare by identity).
 */
function repeatedIdAt(length: number, field: Repeated): string | undefined {
  const at = repeatedAt[field];
  const start = i + 1;
  if (at >= 0 && b[i] === QUOTE && start + length < n && b[start + length] === QUOTE) {
    const buf = b;
    let k = 0;
    while (k < length && buf[start + k] === buf[at + k]) k++;
    if (k === length) {
      i = start + length + 1;
      return repeatedId[field];
    }
  }
  const id = hexIdAt(length);
  if (id !== undefined) {
    repeatedAt[field] = start;
    repeatedId[field] = id;
  }
  return id;
}

/**
 * The string at `i` as epoch µs when it is a timestamp in the canonical form (span-model.ts `canonicalTimestampUs`), and
 * `i` after it; else undefined, `i` unchanged.
 */
function timestampAt(): number | undefined {
  if (b[i] !== QUOTE) return undefined;
  const start = i + 1;
  const q = wasm.ascii(start);
  if (q >= n || b[q] !== QUOTE) return undefined;
  const us = canonicalTimestampUs(b, start, q);
  if (us === null) return undefined;
  i = q + 1;
  return us;
}

/**
 * Strings spans repeat (field names, kinds, statuses) by byte length: matched in place and answered with the
 * interned string, sparing a string per occurrence.
 */
const KNOWN = new Map<number, { text: string; bytes: Buffer }[]>();
for (const text of [
  ...['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTime', 'endTime', 'status', 'statusMessage'],
  ...['input', 'output', 'attributes', 'model', 'usage', 'costUsd', 'inputTokens', 'outputTokens', 'totalTokens'],
  ...['agent', 'llm', 'tool', 'retrieval', 'embedding', 'reranker', 'guardrail', 'evaluator', 'chain', 'other', 'ok', 'error', 'unset'],
]) {
  const list = KNOWN.get(text.length) ?? [];
  list.push({ text, bytes: Buffer.from(text, 'latin1') });
  KNOWN.set(text.length, list);
}

/** The string at `i`, interned when it is one of KNOWN. */
function knownStr(): string {
  const start = i + 1;
  const end = scanString();
  if (!escaped) {
    const list = KNOWN.get(end - start);
    if (list !== undefined)
      for (const k of list) {
        const t = k.bytes;
        let m = 0;
        while (m < t.length && b[start + m] === t[m]) m++;
        if (m === t.length) return k.text;
      }
    return (b as FastSlices).utf8Slice(start, end);
  }
  return JSON.parse(b.toString('utf8', start - 1, end + 1)) as string;
}

/** A key read as a JS string; the keys secure-json-parse refuses (or checks further) fall back. */
function key(): string {
  const k = knownStr();
  if (k === '__proto__' || k === 'constructor') throw FALL_BACK;
  return k;
}

/** Scans a number at `i` (JSON grammar); leaves `i` after it. */
function scanNumber(): void {
  const buf = b;
  const start = i;
  let p = i;
  if (buf[p] === MINUS) p++;
  let c = buf[p];
  if (c === ZERO) p++;
  else if (c > ZERO && c <= NINE) {
    p++;
    while (p < n && (c = buf[p]) >= ZERO && c <= NINE) p++;
  } else throw FALL_BACK;
  if (p < n && buf[p] === DOT) {
    p++;
    if (!(p < n && (c = buf[p]) >= ZERO && c <= NINE)) throw FALL_BACK;
    while (p < n && (c = buf[p]) >= ZERO && c <= NINE) p++;
  }
  if (p < n && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    if (p < n && (buf[p] === 0x2b || buf[p] === MINUS)) p++;
    const digits = p;
    while (p < n && (c = buf[p]) >= ZERO && c <= NINE) p++;
    if (p === digits || p - digits > 3) throw FALL_BACK;
  }
  if (p - start > 100) throw FALL_BACK;
  i = p;
}

function literal(word: string, value: unknown): unknown {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) throw FALL_BACK;
  i += word.length;
  return value;
}

/** The JSON value at `i` built as JS values (scalar span fields, `usage`, unknown fields). */
function value(depth: number): unknown {
  const c = b[i];
  if (c === QUOTE) return str();
  if (c === LBRACE) {
    if (depth >= MAX_DEPTH) throw FALL_BACK;
    const o: Record<string, unknown> = {};
    i++;
    ws();
    if (b[i] === RBRACE) {
      i++;
      return o;
    }
    for (;;) {
      if (b[i] !== QUOTE) throw FALL_BACK;
      const k = key();
      colon();
      o[k] = value(depth + 1);
      ws();
      if (b[i] === COMMA) {
        i++;
        ws();
        continue;
      }
      if (b[i] !== RBRACE) throw FALL_BACK;
      i++;
      return o;
    }
  }
  if (c === LBRACKET) {
    if (depth >= MAX_DEPTH) throw FALL_BACK;
    const a: unknown[] = [];
    i++;
    ws();
    if (b[i] === RBRACKET) {
      i++;
      return a;
    }
    for (;;) {
      a.push(value(depth + 1));
      ws();
      if (b[i] === COMMA) {
        i++;
        ws();
        continue;
      }
      if (b[i] !== RBRACKET) throw FALL_BACK;
      i++;
      return a;
    }
  }
  if (c === 0x74) return literal('true', true);
  if (c === 0x66) return literal('false', false);
  if (c === 0x6e) return literal('null', null);
  const start = i;
  scanNumber();
  return Number((b as FastSlices).latin1Slice(start, i));
}

/** Validates the JSON value at `i` without building it; at depth 1 an object's keys are counted (`topKeys`, `topLongKey`). */
function skipValue(depth: number): void {
  const c = b[i];
  if (c === QUOTE) {
    scanString();
    return;
  }
  if (c === LBRACE) {
    if (depth >= MAX_DEPTH) throw FALL_BACK;
    i++;
    ws();
    if (b[i] === RBRACE) {
      i++;
      return;
    }
    for (;;) {
      if (b[i] !== QUOTE) throw FALL_BACK;
      const start = i + 1;
      const end = scanString();
      checkKey(start, end, depth);
      colon();
      skipValue(depth + 1);
      ws();
      if (b[i] === COMMA) {
        i++;
        ws();
        continue;
      }
      if (b[i] !== RBRACE) throw FALL_BACK;
      i++;
      return;
    }
  }
  if (c === LBRACKET) {
    if (depth >= MAX_DEPTH) throw FALL_BACK;
    i++;
    ws();
    if (b[i] === RBRACKET) {
      i++;
      return;
    }
    for (;;) {
      skipValue(depth + 1);
      ws();
      if (b[i] === COMMA) {
        i++;
        ws();
        continue;
      }
      if (b[i] !== RBRACKET) throw FALL_BACK;
      i++;
      return;
    }
  }
  if (c === 0x74) literal('true', true);
  else if (c === 0x66) literal('false', false);
  else if (c === 0x6e) literal('null', null);
  else scanNumber();
}

/** A key of a skipped object: `__proto__` / `constructor` fall back; at depth 1 counted, with its length in UTF-16 units. */
function checkKey(start: number, end: number, depth: number): void {
  const bytes = end - start;
  if (escaped) {
    const k = JSON.parse(b.toString('utf8', start - 1, end + 1)) as string;
    if (k === '__proto__' || k === 'constructor') throw FALL_BACK;
    if (depth === 0 && counting && k.length > MAX_ATTRIBUTE_KEY_LENGTH) topLongKey = true;
  } else {
    if (
      (bytes === 9 && b[start] === 0x5f && b.toString('latin1', start, end) === '__proto__') ||
      (bytes === 11 && b[start] === 0x63 && b.toString('latin1', start, end) === 'constructor')
    )
      throw FALL_BACK;
    if (depth === 0 && counting && bytes > MAX_ATTRIBUTE_KEY_LENGTH) {
      // UTF-16 length of valid UTF-8: one unit per lead byte, two for a 4-byte sequence
      let units = 0;
      for (let k = start; k < end; k++) {
        const c = b[k];
        if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1;
      }
      if (units > MAX_ATTRIBUTE_KEY_LENGTH) topLongKey = true;
    }
  }
  if (depth === 0 && counting && ++topKeys > MAX_ATTRIBUTE_KEYS) throw FALL_BACK;
}

/** `input`, `output`, `attributes`: null, or the validated bytes of the value. */
function bytesValue(countKeys: boolean): JsonBytes | null {
  if (b[i] === 0x6e) return literal('null', null) as null;
  const start = i;
  const isObject = b[i] === LBRACE;
  topKeys = 0;
  topLongKey = false;
  counting = countKeys;
  skipValue(0);
  return new JsonBytes(b, start, i, isObject, isObject ? topKeys : 0, isObject && topLongKey);
}

/** The span model's fields, in the order of SPAN_FIELD_NAMES (span-model.ts); -1: any other key. */
const enum Field {
  TraceId,
  SpanId,
  ParentSpanId,
  Name,
  Kind,
  StartTime,
  EndTime,
  Status,
  StatusMessage,
  Input,
  Output,
  Attributes,
  Model,
  Usage,
  CostUsd,
}
/** Each field name's bytes followed by its closing quote, by its first byte. */
const FIELDS_BY_FIRST_BYTE: { field: Field; bytes: Buffer }[][] = Array.from({ length: 128 }, () => []);
SPAN_FIELD_NAMES.forEach((name, field) =>
  FIELDS_BY_FIRST_BYTE[name.charCodeAt(0)].push({ field, bytes: Buffer.from(`${name}"`, 'latin1') }),
);

/**
 * The key at `i` when it is a field of the span model written plainly (no escape), with `i` after its closing quote;
 * else -1 with `i` unchanged (`key` then reads it). Matched in place: no string per key.
 */
function spanField(): number {
  const buf = b;
  const start = i + 1;
  const first = buf[start];
  if (!(first < 128)) return -1; // (undefined past the end)
  for (const { field, bytes } of FIELDS_BY_FIRST_BYTE[first]) {
    const end = start + bytes.length;
    if (end > n) continue;
    let k = 1;
    while (k < bytes.length && buf[start + k] === bytes[k]) k++;
    if (k === bytes.length) {
      i = end;
      return field;
    }
  }
  return -1;
}

/** One element of `spans` (an object: the caller checked the brace), in the fixed shape of ScannedSpan. */
function span(): ScannedSpan {
  const o = new ScannedSpan();
  i++;
  ws();
  if (b[i] === RBRACE) {
    i++;
    return o;
  }
  for (;;) {
    if (b[i] !== QUOTE) throw FALL_BACK;
    const field = spanField();
    // any other key (or a field name written with escapes): read as a string, kept aside unless it names a field
    const other = field === -1 ? key() : '';
    colon();
    // a key sent twice: the last value wins, as with JSON.parse
    switch (field === -1 ? SPAN_FIELD_NAMES.indexOf(other) : field) {
      // ids as SDKs send them (lower-case hex of the right length) are checked here, anything else by normalizeSpan
      case Field.TraceId:
        if ((o.traceId = repeatedIdAt(32, Repeated.TraceId)) === undefined) {
          o.traceId = value(0);
          o.hexIds &= ~HEX_TRACE_ID;
        } else o.hexIds |= HEX_TRACE_ID;
        break;
      case Field.SpanId:
        if ((o.spanId = hexIdAt(16)) === undefined) {
          o.spanId = value(0);
          o.hexIds &= ~HEX_SPAN_ID;
        } else o.hexIds |= HEX_SPAN_ID;
        break;
      case Field.ParentSpanId:
        if ((o.parentSpanId = repeatedIdAt(16, Repeated.ParentSpanId)) === undefined) {
          o.parentSpanId = value(0);
          o.hexIds &= ~HEX_PARENT_ID;
        } else o.hexIds |= HEX_PARENT_ID;
        break;
      case Field.Name:
        o.name = value(0);
        break;
      case Field.Kind:
        o.kind = b[i] === QUOTE ? knownStr() : value(0);
        break;
      case Field.StartTime:
        // the canonical form read as epoch µs from its bytes (no string); anything else as JSON.parse gives it
        if ((o.startUs = timestampAt()) === undefined) o.startTime = value(0);
        else o.startTime = undefined;
        break;
      case Field.EndTime:
        if ((o.endUs = timestampAt()) === undefined) o.endTime = value(0);
        else o.endTime = undefined;
        break;
      case Field.Status:
        o.status = b[i] === QUOTE ? knownStr() : value(0);
        break;
      case Field.StatusMessage:
        o.statusMessage = value(0);
        break;
      case Field.Input:
        o.input = bytesValue(false);
        break;
      case Field.Output:
        o.output = bytesValue(false);
        break;
      case Field.Attributes:
        o.attributes = bytesValue(true);
        break;
      case Field.Model:
        o.model = value(0);
        break;
      case Field.Usage:
        o.usage = value(0);
        break;
      case Field.CostUsd:
        o.costUsd = value(0);
        break;
      default:
        (o.extra ??= {})[other] = value(0);
    }
    ws();
    if (b[i] === COMMA) {
      i++;
      ws();
      continue;
    }
    if (b[i] !== RBRACE) throw FALL_BACK;
    i++;
    return o;
  }
}
