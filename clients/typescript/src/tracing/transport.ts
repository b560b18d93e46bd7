/**
 * Getting finished spans to `POST /api/v1/ingest` without ever blocking or throwing into the caller, and
 * without losing one that could have been kept.
 *
 * - A bounded buffer: buffered + in flight never pass `maxBufferSize`; past it the oldest buffered span is
 *   dropped (`bufferFull`).
 * - One delivery loop takes batches of at most `maxBatchSize` spans and `maxBatchBytes` of JSON (API limits
 *   1000 and 5 MB), gzipped where `CompressionStream` exists.
 * - 429, 408, 5xx and network errors (and requests unanswered after `requestTimeoutMs`) are retried with
 *   exponential backoff (500 ms doubling, capped at 30 s, with jitter), honouring `Retry-After`, for
 *   `maxRetryDurationMs` from the batch's first failure; then the batch is dropped (`retryExpired`).
 *   413 splits the batch in halves (a single span answered 413 is dropped, `tooLarge`); other 4xx drop the
 *   batch (`rejected`), as do per-span errors in a 200 answer.
 * - Every drop is counted by reason, reported to `onDrop`, and logged (one warning per reason per minute).
 * - `shutdown` flushes within its timeout, then aborts what is in flight and writes everything not sent to
 *   the spool directory (synchronously), or drops it (`shutdownTimeout`) when there is none.
 * - Spool files left by earlier processes (same API key and base URL) are sent one at a time in the
 *   background, deleted once accepted, and given back if this process stops first.
 * - Timers are `unref`ed: a buffered span never keeps a process alive (exit hooks flush instead).
 */
import { utf8Length } from './capture';
import { resyncClock } from './clock';
import type { Spool, SpoolClaim, SyncRequest } from './runtime';
import type { WireItem } from './span';
import type { AgentObsStats, DropEvent, DropReason, FetchLike, FlushResult, Logger } from './types';

export interface TransportConfig {
  url: string;
  apiKey: string;
  flushAt: number;
  flushIntervalMs: number;
  maxBufferSize: number;
  maxBatchSize: number;
  maxBatchBytes: number;
  maxRetryDurationMs: number;
  requestTimeoutMs: number;
  retryBaseDelayMs: number;
  compression: 'gzip' | 'none';
  fetch: FetchLike | undefined;
  logger: Logger;
  onDrop: ((event: DropEvent) => void) | undefined;
}

interface Entry {
  seq: number;
  json: string;
  bytes: number;
  settled: boolean;
}

interface Waiter {
  target: number;
  finish: () => void;
}

interface PostResult {
  status: number;
  retryAfterMs: number | undefined;
  text: string;
  error?: unknown;
}

type Timer = ReturnType<typeof setTimeout>;

const BODY_OVERHEAD = '{"spans":[]}'.length;
const GZIP_MIN_BYTES = 1024;
export const RETRY_MAX_MS = 30_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
const WARN_INTERVAL_MS = 60_000;
export const DROP_REASONS: readonly DropReason[] = ['bufferFull', 'retryExpired', 'tooLarge', 'rejected', 'shutdownTimeout'];
const DROP_TEXT: Record<DropReason, string> = {
  bufferFull: 'the buffer was full (maxBufferSize) while the API could not be reached; the oldest spans went first',
  retryExpired: 'the API kept failing for maxRetryDurationMs',
  tooLarge: 'a single span was larger than a request may be',
  rejected: 'the API refused them',
  shutdownTimeout: 'they were not sent within shutdownTimeoutMs at shutdown and could not be spooled',
};

function unrefTimeout(fn: () => void, ms: number): Timer {
  const t = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER_MS));
  (t as { unref?: () => void }).unref?.();
  return t;
}

/** The longest `Retry-After` honoured (as in Python). */
export const MAX_RETRY_AFTER_MS = 300_000;

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date, at most 5 minutes; undefined when it is
 * neither (the normal backoff applies). The same in Python: clients/testdata/retry-after.json.
 */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.min(MAX_RETRY_AFTER_MS, Math.round(parseFloat(v) * 1000));
  // HTTP dates start with the day's name (Date.parse alone would read "-4" as the year -4)
  const at = /^[A-Za-z]/.test(v) ? Date.parse(v) : NaN;
  return Number.isNaN(at) ? undefined : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - Date.now()));
}

function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A fixed-capacity FIFO; pushing into a full one evicts and returns the oldest item. */
class Ring<T> {
  private readonly items: (T | undefined)[];
  private head = 0;
  size = 0;
  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }
  push(item: T): T | undefined {
    if (this.size === this.capacity) {
      const evicted = this.items[this.head];
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
      return evicted;
    }
    this.items[(this.head + this.size) % this.capacity] = item;
    this.size++;
    return undefined;
  }
  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return item;
  }
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }
}

function emptyDrops(): Record<DropReason, number> {
  return { bufferFull: 0, retryExpired: 0, tooLarge: 0, rejected: 0, shutdownTimeout: 0 };
}

export class Transport {
  private readonly ring: Ring<WireItem>;
  private seq = 0;
  /** A serialized span that did not fit in the previous batch: the head of the next one. */
  private carry: Entry | null = null;
  /** The batch being delivered (its entries are settled one part at a time when a 413 splits it). */
  private inflight: Entry[] = [];
  private inflightLeft = 0;
  private pumping: Promise<void> | null = null;
  private pumpScheduled = false;
  /** Send everything buffered, not only full batches (set by the interval timer and by flush). */
  private drain = false;
  private timer: Timer | null = null;
  /** shutdown() began: flushing for the last time. */
  private closing = false;
  /** Delivery has ended for good. */
  private stopped = false;
  private shutdownResult: Promise<FlushResult> | null = null;
  private readonly controllers = new Set<AbortController>();
  /** Retries waiting out their delay: `true` for a backoff (a flush may cut it short), `false` for a Retry-After. */
  private readonly sleepers = new Map<() => void, boolean>();
  private readonly waiters: Waiter[] = [];
  private readonly warnedOnce = new Set<string>();
  private readonly warnedAt = new Map<string, number>();
  private readonly drops = emptyDrops();
  private readonly dropWarningMuted: Record<DropReason, boolean> = {
    bufferFull: false,
    retryExpired: false,
    tooLarge: false,
    rejected: false,
    shutdownTimeout: false,
  };
  private readonly counters = { sent: 0, requests: 0, retries: 0, sampledOut: 0, spooled: 0, replayed: 0 };
  private spool: Spool | undefined;
  /** The replay of earlier processes' spool files, while it runs (flush waits for it too). */
  private replaying: Promise<void> | null = null;
  private replayClaim: SpoolClaim | undefined;

  constructor(private readonly config: TransportConfig) {
    this.ring = new Ring<WireItem>(config.maxBufferSize);
  }

  /** Hot path: called by a recording span when it ends. */
  enqueue(item: WireItem): void {
    if (this.stopped) {
      this.drop('shutdownTimeout', 1, `span "${item.name}" ended after shutdown`);
      return;
    }
    item._seq = ++this.seq;
    const evicted = this.ring.push(item);
    if (evicted !== undefined) this.dropEvicted();
    else if (this.ring.size + this.inflightLeft > this.config.maxBufferSize && this.ring.size > 1) {
      this.ring.shift();
      this.dropEvicted();
    }
    if (this.ring.size >= this.config.flushAt) this.schedulePump();
    else if (this.timer === null) this.timer = unrefTimeout(this.onTimer, this.config.flushIntervalMs);
  }

  countSampledOut(): void {
    this.counters.sampledOut++;
  }

  /** Sends everything ended before the call (and waits for a spool replay in progress); resolves when settled or at `timeoutMs`. */
  flush(timeoutMs: number): Promise<FlushResult> {
    const start = this.snapshot();
    const target = this.seq;
    if (this.minUnsettledSeq() > target && this.replaying === null) return Promise.resolve(this.resultSince(start, false));
    this.drain = true;
    this.wakeSleepers(false); // a batch waiting out its backoff (not a Retry-After) is tried again now
    this.startPump();
    return new Promise<FlushResult>((resolve) => {
      // Deliberately not unref'ed: whoever awaits a flush wants the process to wait for it.
      const timer = setTimeout(() => finish(true), Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS));
      const waiter: Waiter = { target, finish: () => finish(false) };
      const finish = (timedOut: boolean): void => {
        clearTimeout(timer);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(this.resultSince(start, timedOut));
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Flushes within the timeout, then stops: what is in flight is aborted, and everything not sent is spooled
   * (or dropped as `shutdownTimeout` without a spool). Idempotent.
   */
  shutdown(timeoutMs: number): Promise<FlushResult> {
    if (this.shutdownResult === null) {
      this.closing = true;
      const start = this.snapshot();
      this.shutdownResult = this.flush(timeoutMs).then((flushed) => {
        this.stop();
        return this.resultSince(start, flushed.timedOut);
      });
    }
    return this.shutdownResult;
  }

  /** shutdown() began: no new spans are recorded. */
  get isShutdown(): boolean {
    return this.closing || this.stopped;
  }

  /** Delivery ended for good: what ends now is dropped (counted). */
  get isStopped(): boolean {
    return this.stopped;
  }

  stats(): AgentObsStats {
    const c = this.counters;
    const buffered = this.available();
    return {
      buffered,
      inFlight: this.inflightLeft,
      pending: buffered + this.inflightLeft,
      sent: c.sent,
      requests: c.requests,
      retries: c.retries,
      sampledOut: c.sampledOut,
      spooled: c.spooled,
      replayed: c.replayed,
      dropped: this.droppedTotal(),
      droppedByReason: { ...this.drops },
    };
  }

  // ---- spool ------------------------------------------------------------------------------------------

  /** Turns the spool on: spans not sent by shutdown go there, and earlier processes' files are replayed. */
  useSpool(spool: Spool, replay: boolean): void {
    this.spool = spool;
    if (!replay) return;
    // started in a microtask, before a short-lived process could end; flush and shutdown wait for it
    this.replaying = Promise.resolve()
      .then(() => this.replayLoop())
      .finally(() => {
        this.replaying = null;
        this.checkWaiters();
      });
  }

  private async replayLoop(): Promise<void> {
    if (this.spool === undefined) return;
    try {
      while (!this.stopped) {
        const claim = this.spool.claimNext();
        if (claim === undefined) return;
        this.replayClaim = claim;
        let spans: unknown[];
        try {
          const parsed = JSON.parse(claim.body) as { spans?: unknown };
          spans = Array.isArray(parsed.spans) ? parsed.spans : [];
        } catch {
          this.warnOnce('spool-corrupt', `a spool file of ${this.spool.dir} was not valid JSON; deleted`);
          claim.remove();
          continue;
        }
        const entries = spans.map((span) => {
          const json = JSON.stringify(span);
          return { seq: 0, json, bytes: utf8Length(json), settled: false };
        });
        for (const batch of this.chunk(entries)) {
          await this.deliver(batch, 'replayed', false);
          if (this.stopped) break;
        }
        this.replayClaim = undefined;
        if (entries.every((e) => e.settled)) claim.remove();
        else claim.release();
      }
    } catch (err) {
      this.warnOnce('replay-internal', `replaying the spool failed unexpectedly: ${String(err)}`);
    }
  }

  /** Entries in request-sized groups (count and bytes). */
  private chunk(entries: Entry[]): Entry[][] {
    const out: Entry[][] = [];
    let batch: Entry[] = [];
    let bytes = BODY_OVERHEAD;
    for (const e of entries) {
      if (batch.length > 0 && (batch.length >= this.config.maxBatchSize || bytes + e.bytes + 1 > this.config.maxBatchBytes)) {
        out.push(batch);
        batch = [];
        bytes = BODY_OVERHEAD;
      }
      batch.push(e);
      bytes += e.bytes + 1;
    }
    if (batch.length > 0) out.push(batch);
    return out;
  }

  // ---- synchronous ends (exit hooks) --------------------------------------------------------------------

  /**
   * Stops delivery for good and takes every span not sent yet (buffered, carried, in flight) as request
   * bodies. Synchronous.
   */
  private takeUnsent(): { body: string; count: number }[] {
    const entries: Entry[] = [];
    for (const e of this.inflight) if (!e.settled) entries.push(e);
    if (this.carry !== null) entries.push(this.carry);
    this.carry = null;
    for (let item = this.ring.shift(); item !== undefined; item = this.ring.shift()) {
      const entry = this.serialize(item);
      if (entry !== null) entries.push(entry);
    }
    for (const e of entries) e.settled = true;
    this.inflightLeft = 0;
    return this.chunk(entries).map((batch) => ({ body: '{"spans":[' + batch.map((e) => e.json).join(',') + ']}', count: batch.length }));
  }

  /** Writes bodies to the spool; what cannot be written is dropped as `shutdownTimeout`. */
  private spoolBodies(bodies: { body: string; count: number }[]): void {
    let lost = 0;
    for (const { body, count } of bodies) {
      if (this.spool !== undefined && this.spool.write(body)) this.counters.spooled += count;
      else lost += count;
    }
    if (lost > 0) {
      this.drop(
        'shutdownTimeout',
        lost,
        this.spool === undefined ? 'spooling is off (spoolDir: false)' : 'the spool directory could not be written',
      );
    }
  }

  /** Ends delivery for good: aborts requests, spools (or drops) what is not sent, gives back a replay claim. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.closing = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const controller of this.controllers) controller.abort();
    this.wakeSleepers(true);
    this.spoolBodies(this.takeUnsent());
    this.replayClaim?.release();
    this.replayClaim = undefined;
    this.checkWaiters();
  }

  /**
   * A crash: sends what is not sent synchronously through `sendSync` within `timeoutMs`, spools the rest,
   * and stops.
   */
  stopAndSendSync(sendSync: (requests: SyncRequest[], timeoutMs: number) => number[], timeoutMs: number): void {
    if (this.stopped) return;
    this.stopped = true;
    this.closing = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const bodies = this.takeUnsent();
    let unsent = bodies;
    if (bodies.length > 0 && timeoutMs > 0) {
      let statuses: number[] = [];
      try {
        statuses = sendSync(
          bodies.map(({ body }) => ({ url: this.config.url, headers: this.headers(false), body })),
          timeoutMs,
        );
      } catch {
        statuses = [];
      }
      this.counters.requests += bodies.length;
      unsent = [];
      bodies.forEach((b, i) => {
        const status = statuses[i] ?? 0;
        if (status >= 200 && status < 300) this.counters.sent += b.count;
        else if (status >= 400 && !isRetryable(status) && status !== 413) this.drop('rejected', b.count, `HTTP ${status} at exit`);
        else unsent.push(b);
      });
    }
    this.spoolBodies(unsent);
    this.replayClaim?.release();
    this.replayClaim = undefined;
    this.checkWaiters();
  }

  // ---- drops and warnings -------------------------------------------------------------------------------

  /** Counts a drop, tells `onDrop`, and warns (once per reason per minute). */
  drop(reason: DropReason, count: number, detail?: string): void {
    if (count <= 0) return;
    this.drops[reason] += count;
    const onDrop = this.config.onDrop;
    if (onDrop !== undefined) {
      try {
        onDrop({ reason, count });
      } catch {
        // the callback must not break delivery
      }
    }
    if (this.dropWarningMuted[reason]) return;
    this.dropWarningMuted[reason] = true;
    // no clock read per drop: an unref'ed timer lifts the mute a minute later
    unrefTimeout(() => (this.dropWarningMuted[reason] = false), WARN_INTERVAL_MS);
    this.log(
      `dropped ${count} span${count === 1 ? '' : 's'} (${reason}): ${DROP_TEXT[reason]}${detail ? ` — ${detail}` : ''}. ` +
        `${this.droppedTotal()} dropped so far; see stats().droppedByReason (further drops of this kind are logged at most once a minute)`,
    );
  }

  private dropEvicted(): void {
    this.drop('bufferFull', 1);
    if (this.waiters.length > 0) this.checkWaiters();
  }

  warnOnce(key: string, message: string): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.log(message);
  }

  /** Logs `message()` unless the same kind of warning was logged less than a minute ago. */
  private warnEvery(key: string, message: () => string): void {
    const now = Date.now();
    const last = this.warnedAt.get(key);
    if (last !== undefined && now - last < WARN_INTERVAL_MS) return;
    this.warnedAt.set(key, now);
    this.log(message());
  }

  private log(message: string): void {
    try {
      this.config.logger.warn(`[agentobs] ${message}`);
    } catch {
      // a broken logger must not break delivery
    }
  }

  // ---- bookkeeping ----------------------------------------------------------------------------------------

  private snapshot(): { sent: number; dropped: number; spooled: number } {
    return { sent: this.counters.sent, dropped: this.droppedTotal(), spooled: this.counters.spooled };
  }

  private resultSince(start: { sent: number; dropped: number; spooled: number }, timedOut: boolean): FlushResult {
    return {
      sent: this.counters.sent - start.sent,
      dropped: this.droppedTotal() - start.dropped,
      spooled: this.counters.spooled - start.spooled,
      pending: this.available() + this.inflightLeft,
      timedOut,
    };
  }

  private droppedTotal(): number {
    const d = this.drops;
    return d.bufferFull + d.retryExpired + d.tooLarge + d.rejected + d.shutdownTimeout;
  }

  private available(): number {
    return this.ring.size + (this.carry === null ? 0 : 1);
  }

  /** The arrival number of the oldest span not yet sent or dropped (Infinity when none). */
  private minUnsettledSeq(): number {
    let min = Infinity;
    for (const e of this.inflight) {
      if (!e.settled) {
        min = e.seq;
        break;
      }
    }
    if (this.carry !== null && this.carry.seq < min) min = this.carry.seq;
    const head = this.ring.peek();
    if (head !== undefined && head._seq < min) min = head._seq;
    return min;
  }

  private checkWaiters(): void {
    if (this.waiters.length === 0) return;
    if (this.replaying !== null && !this.stopped) return;
    const min = this.stopped ? Infinity : this.minUnsettledSeq();
    for (const waiter of this.waiters.slice()) if (min > waiter.target) waiter.finish();
  }

  // ---- the delivery loop ----------------------------------------------------------------------------------

  private readonly onTimer = (): void => {
    this.timer = null;
    resyncClock();
    if (this.available() > 0) {
      this.drain = true;
      this.startPump();
    }
  };

  private schedulePump(): void {
    if (this.pumping !== null || this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    unrefTimeout(this.startPump, 0);
  }

  private readonly startPump = (): void => {
    this.pumpScheduled = false;
    if (this.pumping !== null || this.stopped) return;
    const pump: Promise<void> = this.pumpLoop().then(() => {
      this.pumping = null;
      this.checkWaiters();
      if (this.stopped || this.available() === 0) return;
      if (this.drain || this.available() >= this.config.flushAt) this.schedulePump();
      else if (this.timer === null) this.timer = unrefTimeout(this.onTimer, this.config.flushIntervalMs);
    });
    this.pumping = pump;
  };

  private async pumpLoop(): Promise<void> {
    try {
      while (!this.stopped) {
        const available = this.available();
        if (available === 0) {
          this.drain = false;
          return;
        }
        if (!this.drain && available < this.config.flushAt) return;
        const batch = this.takeBatch();
        if (batch.length === 0) continue;
        this.inflight = batch;
        this.inflightLeft = batch.length;
        await this.deliver(batch, 'sent', true);
        if (!this.stopped) {
          this.inflight = [];
          this.inflightLeft = 0;
        }
        this.checkWaiters();
      }
    } catch (err) {
      this.warnOnce('internal', `span delivery failed unexpectedly: ${String(err)}`);
    }
  }

  private takeBatch(): Entry[] {
    const batch: Entry[] = [];
    let bytes = BODY_OVERHEAD;
    while (batch.length < this.config.maxBatchSize) {
      let entry = this.carry;
      if (entry !== null) {
        this.carry = null;
      } else {
        const item = this.ring.shift();
        if (item === undefined) break;
        entry = this.serialize(item);
        if (entry === null) continue;
      }
      const add = entry.bytes + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && bytes + add > this.config.maxBatchBytes) {
        this.carry = entry;
        break;
      }
      batch.push(entry);
      bytes += add;
    }
    return batch;
  }

  private serialize(item: WireItem): Entry | null {
    let json: string;
    try {
      json = item.toWireJson();
    } catch (err) {
      this.drop('rejected', 1, `span "${item.name}" could not be serialized: ${String(err)}`);
      return null;
    }
    const bytes = utf8Length(json);
    if (bytes + BODY_OVERHEAD > this.config.maxBatchBytes) {
      this.drop('tooLarge', 1, `span "${item.name}" is ${bytes} bytes (maxBatchBytes ${this.config.maxBatchBytes})`);
      return null;
    }
    return { seq: item._seq, json, bytes, settled: false };
  }

  /** Marks entries sent or dropped. `counter` says whose they are: this process's ('sent') or a spool file's ('replayed'). */
  private settle(entries: Entry[], counter: 'sent' | 'replayed', outcome: 'accepted' | DropReason, detail?: string): void {
    for (const e of entries) e.settled = true;
    if (counter === 'sent') this.inflightLeft -= entries.length;
    if (outcome === 'accepted') this.counters[counter] += entries.length;
    else this.drop(outcome, entries.length, detail);
  }

  /**
   * Sends `entries` until they are accepted or dropped. `expires`: retries stop after `maxRetryDurationMs`
   * (spool replays do not expire: their file stays on disk). Returns early, leaving entries unsettled, when
   * delivery stops.
   */
  private async deliver(entries: Entry[], counter: 'sent' | 'replayed', expires: boolean): Promise<void> {
    const body = await this.encode('{"spans":[' + entries.map((e) => e.json).join(',') + ']}');
    let firstFailure = 0;
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) return;
      const res = await this.post(body);
      if (this.stopped) return;
      if (res.status >= 200 && res.status < 300) return this.accepted(entries, res.text, counter);
      if (res.status === 413) {
        if (entries.length === 1) return this.settle(entries, counter, 'tooLarge', 'the server answered 413 to it alone');
        const half = Math.ceil(entries.length / 2);
        await this.deliver(entries.slice(0, half), counter, expires);
        await this.deliver(entries.slice(half), counter, expires);
        return;
      }
      if (!isRetryable(res.status)) {
        return this.settle(entries, counter, 'rejected', `the server answered ${describe(res)}`);
      }
      const now = Date.now();
      if (firstFailure === 0) firstFailure = now;
      let delay = this.retryDelay(attempt, res.retryAfterMs);
      if (expires) {
        const left = firstFailure + this.config.maxRetryDurationMs - now;
        if (left <= 0) return this.settle(entries, counter, 'retryExpired', `last answer: ${describe(res)}`);
        delay = Math.min(delay, left);
      }
      this.counters.retries++;
      this.warnEvery(
        'retrying',
        () =>
          `could not send ${entries.length} spans (${describe(res)}); retrying with backoff` +
          (expires ? ` for up to ${Math.round(this.config.maxRetryDurationMs / 1000)} s` : '') +
          ` (${this.available() + this.inflightLeft} spans pending)`,
      );
      await this.sleep(delay, res.retryAfterMs === undefined);
    }
  }

  private accepted(entries: Entry[], text: string, counter: 'sent' | 'replayed'): void {
    let accepted = entries.length;
    let firstError = '';
    try {
      const answer = JSON.parse(text) as { accepted?: unknown; errors?: { index?: unknown; code?: unknown; message?: unknown }[] };
      const errors = Array.isArray(answer.errors) ? answer.errors : [];
      accepted = typeof answer.accepted === 'number' ? answer.accepted : entries.length - errors.length;
      accepted = Math.max(0, Math.min(entries.length, Math.floor(accepted)));
      if (errors.length > 0) {
        const first = errors[0]!;
        firstError = `${String(first.code)}: ${String(first.message)}`;
      }
    } catch {
      // A 2xx without the documented body: count the batch as sent.
    }
    const refused = entries.length - accepted;
    if (refused > 0) {
      this.settle(entries.slice(0, refused), counter, 'rejected', `refused in a 200 answer (${firstError || 'no reason given'})`);
      this.settle(entries.slice(refused), counter, 'accepted');
    } else {
      this.settle(entries, counter, 'accepted');
    }
  }

  private headers(gzip: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${this.config.apiKey}`,
    };
    if (gzip) headers['content-encoding'] = 'gzip';
    return headers;
  }

  private async encode(body: string): Promise<{ data: string | Uint8Array; gzip: boolean }> {
    if (this.config.compression === 'gzip' && body.length >= GZIP_MIN_BYTES && typeof CompressionStream === 'function') {
      try {
        return { data: await gzip(body), gzip: true };
      } catch {
        // fall back to an uncompressed body
      }
    }
    return { data: body, gzip: false };
  }

  private async post(body: { data: string | Uint8Array; gzip: boolean }): Promise<PostResult> {
    const fetchFn = this.config.fetch ?? (globalThis.fetch as unknown as FetchLike | undefined);
    if (typeof fetchFn !== 'function') return { status: 0, retryAfterMs: undefined, text: '', error: new Error('fetch is not available') };
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = unrefTimeout(
      () => controller.abort(new Error(`no answer within ${this.config.requestTimeoutMs} ms`)),
      this.config.requestTimeoutMs,
    );
    this.counters.requests++;
    try {
      const res = await fetchFn(this.config.url, {
        method: 'POST',
        headers: this.headers(body.gzip),
        body: body.data,
        signal: controller.signal,
      });
      const text = await res.text();
      return { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')), text };
    } catch (error) {
      return {
        status: 0,
        retryAfterMs: undefined,
        text: '',
        error: controller.signal.aborted ? (controller.signal.reason ?? error) : error,
      };
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
  }

  private retryDelay(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) return retryAfterMs + Math.random() * Math.min(1000, retryAfterMs * 0.1);
    const ceiling = Math.min(RETRY_MAX_MS, this.config.retryBaseDelayMs * 2 ** Math.min(attempt, 20));
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = unrefTimeout(done, ms);
      this.sleepers.set(done, wakeable);
    });
  }

  /** Ends waits early: backoffs only, or (`all`, when delivery stops) Retry-After waits too. */
  private wakeSleepers(all: boolean): void {
    for (const [wake, wakeable] of [...this.sleepers]) if (all || wakeable) wake();
  }
}

function describe(res: PostResult): string {
  if (res.status === 0) return `network error: ${res.error instanceof Error ? res.error.message : String(res.error)}`;
  let detail = '';
  try {
    const body = JSON.parse(res.text) as { code?: unknown; detail?: unknown };
    if (body.code !== undefined) detail = ` (${String(body.code)}${body.detail === undefined ? '' : `: ${String(body.detail)}`})`;
  } catch {
    // not problem+json
  }
  return `HTTP ${res.status}${detail}`;
}
