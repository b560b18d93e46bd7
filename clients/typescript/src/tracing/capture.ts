/**
 * Turning arbitrary values into bounded JSON: cycles, BigInt, Errors, binary data, Maps and Sets,
 * functions and symbols all become JSON-safe; a user `mask` sees (and may freely mutate) that safe copy;
 * the result is truncated past `maxFieldSize` (UTF-8 bytes) into a string that ends with a marker.
 */

export type MaskFn = (value: unknown) => unknown;

export const MAX_DEPTH = 32;
export const MAX_NODES = 20_000;
/** Entries kept of one array, object, Map or Set (the rest become `"... <n> more items"`, as in Python). */
export const MAX_ITEMS = 10_000;

interface Walk {
  nodes: number;
  ancestors: Set<object>;
}

function describeBinary(value: ArrayBuffer | ArrayBufferView): string {
  const name = (value as object).constructor?.name || 'Binary';
  return `[${name} ${value.byteLength} bytes]`;
}

function safeError(err: Error, walk: Walk, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  if (typeof err.stack === 'string') out['stack'] = err.stack;
  for (const key of Object.keys(err)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    const v = walkValue(readProp(err, key), walk, depth + 1);
    if (v !== undefined) out[key] = v;
  }
  const cause = (err as { cause?: unknown }).cause;
  if (cause !== undefined && !('cause' in out)) out['cause'] = walkValue(cause, walk, depth + 1);
  return out;
}

function readProp(obj: object, key: string): unknown {
  try {
    return (obj as Record<string, unknown>)[key];
  } catch (e) {
    return `[Thrown: ${e instanceof Error ? e.message : String(e)}]`;
  }
}

function walkValue(value: unknown, walk: Walk, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      break;
  }
  if (value === null) return null;
  const obj = value as object;
  if (++walk.nodes > MAX_NODES) return '[Truncated]';
  if (walk.ancestors.has(obj)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[depth limit]'; // SDK.md; the same in Python
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (obj instanceof ArrayBuffer || ArrayBuffer.isView(obj)) return describeBinary(obj as ArrayBuffer);
  if (obj instanceof RegExp) return String(obj);
  walk.ancestors.add(obj);
  try {
    if (obj instanceof Error) return safeError(obj, walk, depth);
    if (Array.isArray(obj)) {
      const n = Math.min(obj.length, MAX_ITEMS);
      const out: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const v = walkValue(obj[i], walk, depth + 1);
        out[i] = v === undefined ? null : v;
      }
      if (obj.length > MAX_ITEMS) out.push(`... ${obj.length - MAX_ITEMS} more items`);
      return out;
    }
    if (obj instanceof Map) {
      const out: Record<string, unknown> = {};
      let i = 0;
      for (const [k, v] of obj) {
        if (i++ >= MAX_ITEMS) {
          out['...'] = `${obj.size - MAX_ITEMS} more items`;
          break;
        }
        const safe = walkValue(v, walk, depth + 1);
        if (safe !== undefined) out[typeof k === 'string' ? k : String(walkValue(k, walk, depth + 1))] = safe;
      }
      return out;
    }
    if (obj instanceof Set) {
      const out: unknown[] = [];
      for (const v of obj) {
        if (out.length >= MAX_ITEMS) {
          out.push(`... ${obj.size - MAX_ITEMS} more items`);
          break;
        }
        const safe = walkValue(v, walk, depth + 1);
        out.push(safe === undefined ? null : safe);
      }
      return out;
    }
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      let replaced: unknown;
      try {
        replaced = toJSON.call(obj);
      } catch (e) {
        return `[Thrown: ${e instanceof Error ? e.message : String(e)}]`;
      }
      return replaced === obj ? '[Object]' : walkValue(replaced, walk, depth + 1);
    }
    if (typeof (obj as { then?: unknown }).then === 'function') return '[Promise]';
    const out: Record<string, unknown> = {};
    const keys = Object.keys(obj);
    const n = Math.min(keys.length, MAX_ITEMS);
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const v = walkValue(readProp(obj, key), walk, depth + 1);
      if (v !== undefined) out[key] = v;
    }
    if (keys.length > MAX_ITEMS) out['...'] = `${keys.length - MAX_ITEMS} more items`;
    return out;
  } finally {
    walk.ancestors.delete(obj);
  }
}

/** Primitives never touch the walk state: they can share one. */
const PRIMITIVE_WALK: Walk = { nodes: 0, ancestors: new Set() };

/** A JSON-safe deep copy of `value` (undefined stays undefined). Never throws. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return walkValue(value, PRIMITIVE_WALK, 0);
  try {
    return walkValue(value, { nodes: 0, ancestors: new Set() }, 0);
  } catch (e) {
    return `[Unserializable: ${e instanceof Error ? e.message : String(e)}]`;
  }
}

/** UTF-8 length of a string, without allocating. Lone surrogates count as 3 (as U+FFFD). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The longest prefix of `s` whose UTF-8 encoding fits in `maxBytes`, never splitting a surrogate pair. */
export function utf8Prefix(s: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    let size = 3;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size = 4;
      units = 2;
    }
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += units;
  }
  return s.slice(0, i);
}

/**
 * A JSON text for `value`: made JSON-safe, masked, and, if its UTF-8 size passes `maxBytes`, replaced
 * by a JSON string holding the longest prefix of that text that fits together with a marker
 * (`…[truncated <n> bytes]`). Returns undefined for undefined. Never throws.
 */
export function captureJson(value: unknown, maxBytes: number, mask?: MaskFn): string | undefined {
  if (value === undefined) return undefined;
  let safe = toJsonSafe(value);
  if (mask) {
    try {
      safe = toJsonSafe(mask(safe));
    } catch {
      return '"[mask failed]"';
    }
    if (safe === undefined) return undefined;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(safe);
  } catch (e) {
    return JSON.stringify(`[Unserializable: ${e instanceof Error ? e.message : String(e)}]`);
  }
  if (json === undefined) return undefined;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no exact count.
  if (json.length * 3 <= maxBytes) return json;
  const size = utf8Length(json);
  if (size <= maxBytes) return json;
  return truncateJson(typeof safe === 'string' ? safe : json, size, maxBytes);
}

function truncateJson(text: string, originalBytes: number, maxBytes: number): string {
  const marker = `…[truncated ${originalBytes} bytes]`;
  if (utf8Length(marker) + 2 > maxBytes) return '""';
  // Escaping can grow the prefix, so shrink the budget until the JSON string fits.
  let budget = maxBytes - utf8Length(marker) - 2;
  for (;;) {
    const out = JSON.stringify(utf8Prefix(text, Math.max(0, budget)) + marker);
    const size = utf8Length(out);
    if (size <= maxBytes || budget <= 0) return out;
    budget -= Math.max(1, size - maxBytes);
  }
}
