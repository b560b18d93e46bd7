import { reportSwallowed } from './metrics/swallowed';

export type TouchEntries = ReadonlyArray<readonly [id: string, at: Date]>;

export interface TouchBufferOptions {
  /** fixed name of what is touched (`api_keys.last_used_at`): the metric label and log context of a failed write */
  name: string;
  /** writes the latest time of each id in one statement; it must never move a stored time backwards */
  write: (entries: TouchEntries) => Promise<void>;
  /** how often pending touches are written (default 10 s) */
  intervalMs?: number;
  /** at most this many ids are kept for the next attempt while writes keep failing (default 100,000) */
  maxPending?: number;
}

/**
 * "Last used at" timestamps of hot-path records (an API key's `lastUsedAt`, a membership's `lastActiveAt`),
 * coalesced in memory: at most one write per id per interval, all ids in one statement. Reads ask `latest(id)`
 * first, so an answer is never behind the requests this process served.
 *
 * A failed write is not silent: it is logged and counted (`swallowed_errors_total{where="touch_buffer.<name>"}`)
 * and its entries are kept for the next flush (a newer touch of the same id wins), up to `maxPending` ids.
 * `stop()` (on module destroy) flushes what is left.
 */
export class TouchBuffer {
  private pending = new Map<string, Date>();
  /** entries of the write under way: still visible to `latest` until it has committed */
  private inFlight = new Map<string, Date>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;
  private readonly maxPending: number;

  constructor(private readonly options: TouchBufferOptions) {
    this.intervalMs = options.intervalMs ?? 10_000;
    this.maxPending = options.maxPending ?? 100_000;
  }

  touch(id: string, at: Date = new Date()): void {
    const known = this.pending.get(id);
    if (!known || known < at) this.pending.set(id, at);
  }

  /** The not-yet-written time of `id`, if any. */
  latest(id: string): Date | undefined {
    return this.pending.get(id) ?? this.inFlight.get(id);
  }

  /** The later of a stored time and the not-yet-written one. */
  merged(id: string, stored: Date | null): Date | null {
    const latest = this.latest(id);
    return latest && (!stored || latest > stored) ? latest : stored;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /** Writes the pending touches (one write at a time; a flush called meanwhile runs after it). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.writePending());
    return this.flushing;
  }

  private async writePending(): Promise<void> {
    if (!this.pending.size) return;
    this.inFlight = this.pending;
    this.pending = new Map();
    const entries = [...this.inFlight];
    try {
      await this.options.write(entries);
    } catch (err) {
      reportSwallowed(`touch_buffer.${this.options.name}`, err, { ids: entries.length });
      for (const [id, at] of entries) {
        if (this.pending.has(id) || this.pending.size < this.maxPending) this.touch(id, at);
      }
    } finally {
      this.inFlight = new Map();
    }
  }
}
