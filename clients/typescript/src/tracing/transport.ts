/**
 * Getting finished spans to `POST /api/v1/ingest` without ever blocking or throwing into the caller.
 *
 * - A bounded ring buffer (default 10,000 spans); when full the oldest span is dropped and counted.
 * - One delivery loop at a time takes batches of at most `maxBatchSize` spans (API limit 1000) and
 *   `maxBatchBytes` of uncompressed JSON (API limit 5 MB), gzips them where `CompressionStream` exists.
 * - 429, 408, 5xx and network errors retry with exponential backoff and jitter, honouring `Retry-After`;
 *   413 splits the batch in halves (a single span answered 413 is dropped); other 4xx drop the batch
 *   with one warning per status.
 * - Timers are `unref`ed: a buffered span never keeps a process alive (exit hooks flush instead).
 * - `flush` settles everything buffered before it was called, or returns at its timeout.
 */
import { utf8Length } from './capture';
import type { SpanImpl } from './span';
import type { AgentObsStats, FetchLike, FlushResult, Logger } from './types';

export interface TransportConfig {
  url: string;
  apiKey: string;
  flushAt: number;
  flushIntervalMs: number;
  maxQueueSize: number;
  maxBatchSize: number;
  maxBatchBytes: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  requestTimeoutMs: number;
  compression: 'gzip' | 'none';
  fetch: FetchLike | undefined;
  logger: Logger;
}

interface Entry {
  seq: number;
  json: string;
  bytes: number;
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
const MAX_RETRY_AFTER_MS = 300_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

function unrefTimeout(fn: () => void, ms: number): Timer {
  const t = setTimeout(fn, ms);
  (t as { unref?: () => void }).unref?.();
  return t;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(parseFloat(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
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

export class Transport {
  private readonly ring: Ring<SpanImpl>;
  private seq = 0;
  /** A serialized span that did not fit in the previous batch: the head of the next one. */
  private carry: Entry | null = null;
  /** The batch being delivered, and how many of its spans are not settled yet. */
  private inflight: Entry[] | null = null;
  private inflightLeft = 0;
  private pumping: Promise<void> | null = null;
  private pumpScheduled = false;
  /** Send everything buffered, not only full batches (set by the interval timer and by flush). */
  private drain = false;
  private timer: Timer | null = null;
  private closed = false;
  private stopped = false;
  private shutdownResult: Promise<FlushResult> | null = null;
  private readonly controllers = new Set<AbortController>();
  private wakeSleep: (() => void) | null = null;
  private readonly waiters: Waiter[] = [];
  private readonly warned = new Set<string>();
  private readonly counters = {
    sent: 0,
    droppedBufferFull: 0,
    droppedTooLarge: 0,
    droppedRejected: 0,
    droppedFailed: 0,
    droppedAfterShutdown: 0,
    requests: 0,
    retries: 0,
  };

  constructor(private readonly config: TransportConfig) {
    this.ring = new Ring<SpanImpl>(config.maxQueueSize);
  }

  /** Hot path: called by a recording span when it ends. */
  enqueue(span: SpanImpl): void {
    if (this.closed) {
      this.counters.droppedAfterShutdown++;
      return;
    }
    span._seq = ++this.seq;
    if (this.ring.push(span) !== undefined) {
      this.counters.droppedBufferFull++;
      if (this.waiters.length > 0) this.checkWaiters();
    }
    if (this.ring.size >= this.config.flushAt) this.schedulePump();
    else if (this.timer === null) this.timer = unrefTimeout(this.onTimer, this.config.flushIntervalMs);
  }

  flush(timeoutMs: number): Promise<FlushResult> {
    const sent0 = this.counters.sent;
    const dropped0 = this.droppedTotal();
    const target = this.seq;
    const result = (): FlushResult => ({
      sent: this.counters.sent - sent0,
      dropped: this.droppedTotal() - dropped0,
      pending: this.pendingCount(),
    });
    if (this.minUnsettledSeq() > target) return Promise.resolve(result());
    this.drain = true;
    this.startPump();
    return new Promise<FlushResult>((resolve) => {
      // Deliberately not unref'ed: whoever awaits a flush wants the process to wait for it.
      const timer = setTimeout(() => finish(), Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS));
      const waiter: Waiter = { target, finish: () => finish() };
      const finish = (): void => {
        clearTimeout(timer);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(result());
      };
      this.waiters.push(waiter);
    });
  }

  /** Stops accepting spans, flushes within the timeout, then aborts what is still in flight. Idempotent. */
  shutdown(timeoutMs: number): Promise<FlushResult> {
    if (this.shutdownResult === null) {
      this.closed = true;
      this.shutdownResult = this.flush(timeoutMs).then((result) => {
        this.stop();
        return result;
      });
    }
    return this.shutdownResult;
  }

  get isShutdown(): boolean {
    return this.closed;
  }

  stats(): AgentObsStats {
    const c = this.counters;
    const buffered = this.ring.size + (this.carry === null ? 0 : 1);
    return {
      sent: c.sent,
      dropped: this.droppedTotal(),
      droppedBufferFull: c.droppedBufferFull,
      droppedTooLarge: c.droppedTooLarge,
      droppedRejected: c.droppedRejected,
      droppedFailed: c.droppedFailed,
      droppedAfterShutdown: c.droppedAfterShutdown,
      buffered,
      inFlight: this.inflightLeft,
      pending: buffered + this.inflightLeft,
      requests: c.requests,
      retries: c.retries,
    };
  }

  private droppedTotal(): number {
    const c = this.counters;
    return c.droppedBufferFull + c.droppedTooLarge + c.droppedRejected + c.droppedFailed + c.droppedAfterShutdown;
  }

  private pendingCount(): number {
    return this.ring.size + (this.carry === null ? 0 : 1) + this.inflightLeft;
  }

  private available(): number {
    return this.ring.size + (this.carry === null ? 0 : 1);
  }

  /** The arrival number of the oldest span not yet sent or dropped (Infinity when none). */
  private minUnsettledSeq(): number {
    let min = Infinity;
    if (this.inflight !== null && this.inflightLeft > 0) min = this.inflight[0]!.seq;
    if (this.carry !== null && this.carry.seq < min) min = this.carry.seq;
    const head = this.ring.peek();
    if (head !== undefined && head._seq < min) min = head._seq;
    return min;
  }

  private checkWaiters(): void {
    if (this.waiters.length === 0) return;
    const min = this.minUnsettledSeq();
    for (const waiter of this.waiters.slice()) if (min > waiter.target) waiter.finish();
  }

  private readonly onTimer = (): void => {
    this.timer = null;
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
        try {
          await this.deliver(batch);
        } finally {
          this.inflight = null;
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
        const span = this.ring.shift();
        if (span === undefined) break;
        entry = this.serialize(span);
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

  private serialize(span: SpanImpl): Entry | null {
    const json = span.toWireJson();
    const bytes = utf8Length(json);
    if (bytes + BODY_OVERHEAD > this.config.maxBatchBytes) {
      this.counters.droppedTooLarge++;
      this.warnOnce(
        'too-large',
        `dropped span "${span.name}": ${bytes} bytes is more than a request may carry (maxBatchBytes ${this.config.maxBatchBytes})`,
      );
      return null;
    }
    return { seq: span._seq, json, bytes };
  }

  private settle(entries: Entry[], counter: 'sent' | 'droppedTooLarge' | 'droppedRejected' | 'droppedFailed'): void {
    this.counters[counter] += entries.length;
    this.inflightLeft -= entries.length;
  }

  private async deliver(entries: Entry[]): Promise<void> {
    const body = await this.encode('{"spans":[' + entries.map((e) => e.json).join(',') + ']}');
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) return this.settle(entries, 'droppedFailed');
      const res = await this.post(body);
      if (res.status >= 200 && res.status < 300) return this.accepted(entries, res.text);
      if (res.status === 413) {
        if (entries.length === 1) {
          this.warnOnce('too-large-413', 'the server answered 413 to a single span; dropping it');
          return this.settle(entries, 'droppedTooLarge');
        }
        const half = Math.ceil(entries.length / 2);
        await this.deliver(entries.slice(0, half));
        await this.deliver(entries.slice(half));
        return;
      }
      if (isRetryable(res.status)) {
        if (attempt >= this.config.maxRetries) {
          this.warnOnce(
            'retries',
            `dropped ${entries.length} spans after ${attempt + 1} attempts (last: ${describe(res)}); further failures are counted in stats() silently`,
          );
          return this.settle(entries, 'droppedFailed');
        }
        if (this.stopped) return this.settle(entries, 'droppedFailed');
        this.counters.retries++;
        await this.sleep(this.retryDelay(attempt, res.retryAfterMs));
        continue;
      }
      this.warnOnce(
        `status-${res.status}`,
        `the server refused ${entries.length} spans with ${describe(res)}; dropping them (this warning is shown once)`,
      );
      return this.settle(entries, 'droppedRejected');
    }
  }

  private accepted(entries: Entry[], text: string): void {
    let accepted = entries.length;
    try {
      const answer = JSON.parse(text) as { accepted?: unknown; errors?: { code?: unknown; message?: unknown }[] };
      const errors = Array.isArray(answer.errors) ? answer.errors : [];
      accepted = typeof answer.accepted === 'number' ? answer.accepted : entries.length - errors.length;
      accepted = Math.max(0, Math.min(entries.length, Math.floor(accepted)));
      if (errors.length > 0) {
        const first = errors[0]!;
        this.warnOnce(
          'span-errors',
          `the server rejected ${errors.length} of ${entries.length} spans (${String(first.code)}: ${String(first.message)}); further rejections are counted in stats() silently`,
        );
      }
    } catch {
      // A 2xx without the documented body: count the batch as sent.
    }
    this.counters.sent += accepted;
    this.counters.droppedRejected += entries.length - accepted;
    this.inflightLeft -= entries.length;
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
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${this.config.apiKey}`,
    };
    if (body.gzip) headers['content-encoding'] = 'gzip';
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = unrefTimeout(() => controller.abort(), this.config.requestTimeoutMs);
    this.counters.requests++;
    try {
      const res = await fetchFn(this.config.url, { method: 'POST', headers, body: body.data, signal: controller.signal });
      const text = await res.text();
      return { status: res.status, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')), text };
    } catch (error) {
      return { status: 0, retryAfterMs: undefined, text: '', error };
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
  }

  private retryDelay(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) {
      const wait = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
      return wait + Math.random() * Math.min(1000, wait * 0.1);
    }
    const ceiling = Math.min(this.config.retryMaxDelayMs, this.config.retryBaseDelayMs * 2 ** attempt);
    return ceiling / 2 + (Math.random() * ceiling) / 2;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeSleep = null;
        resolve();
      };
      const timer = unrefTimeout(done, ms);
      this.wakeSleep = done;
    });
  }

  /** Ends delivery for good: what is still buffered is dropped (counted), requests in flight are aborted. */
  private stop(): void {
    this.stopped = true;
    this.counters.droppedFailed += this.available();
    while (this.ring.shift() !== undefined);
    this.carry = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    for (const controller of this.controllers) controller.abort();
    this.wakeSleep?.();
    this.checkWaiters();
  }

  warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    try {
      this.config.logger.warn(`[agentobs] ${message}`);
    } catch {
      // a broken logger must not break delivery
    }
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
