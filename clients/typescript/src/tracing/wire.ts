/**
 * Pieces of the API's span JSON shared by this SDK's spans and spans from OpenTelemetry: the server
 * refuses a span whose `attributes` pass its limits (256 keys, keys of 256 characters), so they are
 * trimmed here, with what was left out counted, rather than losing the whole span.
 */
import { toJsonSafe } from './capture';

export const MAX_ATTRIBUTE_KEYS = 256;
export const MAX_ATTRIBUTE_KEY_LENGTH = 256;
export const MAX_NAME_LENGTH = 256;
export const MAX_STATUS_MESSAGE_LENGTH = 2048;
export const MAX_MODEL_LENGTH = 256;
export const DROPPED_ATTRIBUTES_KEY = 'agentobs.dropped_attributes_count';

export function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** `attributes` as JSON within the API's limits, or undefined when there is nothing to send. */
export function attributesJson(attributes: Record<string, unknown> | undefined): string | undefined {
  if (attributes === undefined) return undefined;
  const safe = toJsonSafe(attributes);
  if (safe === null || typeof safe !== 'object' || Array.isArray(safe)) return undefined;
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
