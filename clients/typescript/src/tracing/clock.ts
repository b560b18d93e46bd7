/**
 * Span times with sub-millisecond precision: `performance.timeOrigin + performance.now()` (a monotonic
 * clock anchored to the wall clock when the process started), as fractional epoch milliseconds. Where
 * `performance` is missing, `Date.now()`.
 *
 * A monotonic clock drifts from the wall clock over days (NTP adjusts the latter, not the former), so the
 * background timers call `resyncClock()`, which re-anchors it when the two differ by more than 10 ms.
 */

interface PerformanceLike {
  now(): number;
  timeOrigin?: number;
}

const perf: PerformanceLike | undefined = (() => {
  const p = (globalThis as { performance?: PerformanceLike }).performance;
  return p && typeof p.now === 'function' ? p : undefined;
})();

let origin = perf ? (typeof perf.timeOrigin === 'number' && perf.timeOrigin > 0 ? perf.timeOrigin : Date.now() - perf.now()) : 0;

/** Epoch milliseconds, with a fraction (microseconds and below) where the runtime has `performance`. */
export const nowMs: () => number = perf ? () => origin + perf.now() : () => Date.now();

const RESYNC_THRESHOLD_MS = 10;

/** Re-anchors the monotonic clock on the wall clock when they drifted apart (off the hot path). */
export function resyncClock(): void {
  if (!perf) return;
  const drift = Date.now() - (origin + perf.now());
  if (drift > RESYNC_THRESHOLD_MS || drift < -RESYNC_THRESHOLD_MS) origin += drift;
}

function pad3(n: number): string {
  return n < 10 ? '00' + n : n < 100 ? '0' + n : String(n);
}

let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** Epoch milliseconds (with fraction) → ISO-8601 with exactly 6 fraction digits: `2025-01-02T03:04:05.123456Z`. */
export function isoMicros(ms: number): string {
  const micros = Math.round(ms * 1000);
  const second = Math.floor(micros / 1_000_000);
  const fraction = micros - second * 1_000_000;
  if (second !== cachedSecond) {
    const iso = new Date(second * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
    cachedPrefix = iso.slice(0, iso.length - 4);
    cachedSecond = second;
  }
  return cachedPrefix + pad3(Math.floor(fraction / 1000)) + pad3(fraction % 1000) + 'Z';
}
