/**
 * W3C / OpenTelemetry shaped identifiers: 32 lowercase hex digits for a trace id, 16 for a span id.
 *
 * Random words come from a pool filled by `crypto.getRandomValues` (available in Node >= 19, Deno,
 * Bun, browsers and edge runtimes); where it is missing (Node 18 without the flag) `Math.random`
 * fills the pool instead. Ids are correlation keys, not secrets.
 */

import { sha256First48 } from './sha256';

/** Char codes of the hex digits: ids are built with one String.fromCharCode call (one flat string, no concatenation). */
const HEX_CODES = new Uint8Array(16);
for (let i = 0; i < 16; i++) HEX_CODES[i] = '0123456789abcdef'.charCodeAt(i);
const H = HEX_CODES;

const POOL_SIZE = 4096;
const pool = new Uint32Array(POOL_SIZE);
let poolIndex = POOL_SIZE;

const cryptoApi: { getRandomValues?: (a: Uint32Array) => Uint32Array } | undefined = (
  globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }
).crypto;

function refill(): void {
  if (cryptoApi && typeof cryptoApi.getRandomValues === 'function') {
    cryptoApi.getRandomValues(pool);
  } else {
    for (let i = 0; i < POOL_SIZE; i++) pool[i] = (Math.random() * 0x100000000) >>> 0;
  }
  poolIndex = 0;
}

function word(): number {
  if (poolIndex === POOL_SIZE) refill();
  return pool[poolIndex++]!;
}

/** A new span id: 16 lowercase hex digits, never all zeros. */
export function newSpanId(): string {
  let a = word();
  const b = word();
  if (a === 0 && b === 0) a = 1;
  // prettier-ignore
  return String.fromCharCode(
    H[a >>> 28]!, H[(a >>> 24) & 15]!, H[(a >>> 20) & 15]!, H[(a >>> 16) & 15]!, H[(a >>> 12) & 15]!, H[(a >>> 8) & 15]!, H[(a >>> 4) & 15]!, H[a & 15]!,
    H[b >>> 28]!, H[(b >>> 24) & 15]!, H[(b >>> 20) & 15]!, H[(b >>> 16) & 15]!, H[(b >>> 12) & 15]!, H[(b >>> 8) & 15]!, H[(b >>> 4) & 15]!, H[b & 15]!,
  );
}

/** A new trace id: 32 lowercase hex digits, never all zeros. */
export function newTraceId(): string {
  let a = word();
  const b = word();
  const c = word();
  const d = word();
  if ((a | b | c | d) === 0) a = 1;
  // prettier-ignore
  return String.fromCharCode(
    H[a >>> 28]!, H[(a >>> 24) & 15]!, H[(a >>> 20) & 15]!, H[(a >>> 16) & 15]!, H[(a >>> 12) & 15]!, H[(a >>> 8) & 15]!, H[(a >>> 4) & 15]!, H[a & 15]!,
    H[b >>> 28]!, H[(b >>> 24) & 15]!, H[(b >>> 20) & 15]!, H[(b >>> 16) & 15]!, H[(b >>> 12) & 15]!, H[(b >>> 8) & 15]!, H[(b >>> 4) & 15]!, H[b & 15]!,
    H[c >>> 28]!, H[(c >>> 24) & 15]!, H[(c >>> 20) & 15]!, H[(c >>> 16) & 15]!, H[(c >>> 12) & 15]!, H[(c >>> 8) & 15]!, H[(c >>> 4) & 15]!, H[c & 15]!,
    H[d >>> 28]!, H[(d >>> 24) & 15]!, H[(d >>> 20) & 15]!, H[(d >>> 16) & 15]!, H[(d >>> 12) & 15]!, H[(d >>> 8) & 15]!, H[(d >>> 4) & 15]!, H[d & 15]!,
  );
}

export interface TraceparentParts {
  traceId: string;
  /** The span id of the caller: the parent of the span that continues the trace. */
  spanId: string;
  sampled: boolean;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Parses a W3C `traceparent` header (`00-<trace id>-<parent span id>-<flags>`).
 * Returns undefined for anything invalid (the caller then starts a new trace), per the W3C rules:
 * version `ff` and all-zero ids are invalid; version `00` allows nothing after the flags.
 */
export function parseTraceparent(header: string | null | undefined): TraceparentParts | undefined {
  if (typeof header !== 'string') return undefined;
  const m = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId: traceId!, spanId: spanId!, sampled: (parseInt(flags!, 16) & 1) === 1 };
}

/** Formats a W3C `traceparent` header value. */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`;
}

/**
 * The sampling decision for a new trace, derived from its id so that every service, both SDKs and the
 * API's own `samplingRate` reach the same answer for the same trace: kept when the first 48 bits of
 * SHA-256(lowercase trace id), as a fraction of 2^48, are below `rate` (the shared test vectors are in
 * `clients/testdata/sampling.json`). Hashing keeps it uniform for ids that are not random.
 */
export function sampledByTraceId(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  return sha256First48(traceId.toLowerCase()) / 2 ** 48 < rate;
}
