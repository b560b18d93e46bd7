/**
 * Pieces of the API's span JSON shared by this SDK's spans and spans from OpenTelemetry: the server
 * refuses a span whose `attributes` pass its limits (256 keys, keys of 256 characters), so they are
 * trimmed here, with what was left out counted, rather than losing the whole span. String values (also
 * inside arrays and objects) larger than `maxFieldSize` UTF-8 bytes are cut. The Python SDK applies the
 * same rules (shared vectors: clients/testdata/attributes.json).
 */
import { toJsonSafe, utf8Length, utf8Prefix } from './capture';

export const MAX_ATTRIBUTE_KEYS = 256;
export const MAX_ATTRIBUTE_KEY_LENGTH = 256;
export const MAX_NAME_LENGTH = 256;
export const MAX_STATUS_MESSAGE_LENGTH = 2048;
export const MAX_MODEL_LENGTH = 256;
export const DROPPED_ATTRIBUTES_KEY = 'agentobs.dropped_attributes_count';

export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** `s` cut to at most `maxBytes` UTF-8 bytes, ending with `…[truncated <n> bytes]` when it was cut. */
export function cutString(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s;
  const size = utf8Length(s);
  if (size <= maxBytes) return s;
  const marker = `…[truncated ${size} bytes]`;
  return utf8Prefix(s, Math.max(0, maxBytes - utf8Length(marker))) + marker;
}

/** Every string in a JSON-safe value cut to `maxBytes` (a copy only where something was cut). */
function cutStrings(value: unknown, maxBytes: number): unknown {
  if (typeof value === 'string') return cutString(value, maxBytes);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = cutStrings(value[i], maxBytes);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = cutStrings(record[key], maxBytes);
    if (v !== record[key]) defineKey((out ??= { ...record }), key, v);
  }
  return out ?? value;
}

/** `attributes` as JSON within the API's limits, or undefined when there is nothing to send. */
export function attributesJson(attributes: Record<string, unknown> | undefined, maxFieldSize = Infinity): string | undefined {
  if (attributes === undefined) return undefined;
  let safe = toJsonSafe(attributes);
  if (safe === null || typeof safe !== 'object' || Array.isArray(safe)) return undefined;
  if (maxFieldSize !== Infinity) safe = cutStrings(safe, maxFieldSize);
  const record = safe as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0) return undefined;
  let tooLong = false;
  for (const key of keys) {
    if (key.length > MAX_ATTRIBUTE_KEY_LENGTH) {
      tooLong = true;
      break;
    }
  }
  if (!tooLong && keys.length <= MAX_ATTRIBUTE_KEYS) return JSON.stringify(record);
  const out: Record<string, unknown> = {};
  let kept = 0;
  let dropped = 0;
  for (const key of keys) {
    if (key.length > MAX_ATTRIBUTE_KEY_LENGTH || kept >= MAX_ATTRIBUTE_KEYS - 1) {
      dropped++;
      continue;
    }
    defineKey(out, key, record[key]);
    kept++;
  }
  if (dropped > 0) out[DROPPED_ATTRIBUTES_KEY] = dropped;
  return JSON.stringify(out);
}

/** Sets `key` as an own property even when it is `__proto__`. */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
