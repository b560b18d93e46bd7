import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { AgentObs } from '../../src/index';
import type { InternalOptions } from '../../src/tracing/types';
import { captureLogger, deadPort, startCollector, type Collector, type Handler } from '../helpers/collector';
import { testObs, until } from '../helpers/util';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(
  handler?: Handler,
  options: InternalOptions = {},
): Promise<{ collector: Collector; obs: AgentObs; warnings: string[] }> {
  const collector = await startCollector(handler);
  const { obs, warnings } = testObs({ baseUrl: collector.url, ...options });
  cleanups.push(
    () => collector.close(),
    () => obs.shutdown({ timeoutMs: 50 }),
  );
  return { collector, obs, warnings };
}

function spans(obs: AgentObs, count: number, prefix = 'span', input?: unknown): void {
  for (let i = 0; i < count; i++) obs.span(`${prefix}-${i}`, { kind: 'tool', input }, () => undefined);
}

describe('transport: request shape and batching', () => {
  it('POSTs {spans} to /api/v1/ingest with the bearer API key, gzipped when large', async () => {
    const { collector, obs } = await setup();
    spans(obs, 1, 'small');
    await obs.flush({ timeoutMs: 2000 });
    spans(obs, 50, 'large', { text: 'lorem ipsum '.repeat(20) });
    await obs.flush({ timeoutMs: 2000 });
    const [small, large] = collector.requests;
    assert.equal(small!.method, 'POST');
    assert.equal(small!.url, '/api/v1/ingest');
    assert.equal(small!.headers.authorization, 'Bearer ao_sk_test');
    assert.equal(small!.headers['content-type'], 'application/json');
    assert.equal(small!.gzip, false, 'tiny bodies are not worth compressing');
    assert.equal(large!.gzip, true);
    assert.equal(large!.headers['content-encoding'], 'gzip');
    assert.equal(large!.spans.length, 50);
    assert.equal(collector.accepted.length, 51);
  });

  it('compression: none sends plain JSON', async () => {
    const { collector, obs } = await setup(undefined, { compression: 'none' });
    spans(obs, 50, 'plain', { text: 'lorem ipsum '.repeat(20) });
    await obs.flush({ timeoutMs: 2000 });
    assert.equal(collector.requests[0]!.gzip, false);
    assert.equal(collector.accepted.length, 50);
  });

  it('splits batches by count (maxBatchSize) and by bytes (maxBatchBytes)', async () => {
    const { collector, obs } = await setup(undefined, { maxBatchSize: 10 });
    spans(obs, 35, 'count');
    const result = await obs.flush({ timeoutMs: 2000 });
    assert.deepEqual(result, { sent: 35, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.deepEqual(
      collector.requests.map((r) => r.spans.length),
      [10, 10, 10, 5],
    );

    const bytes = await setup(undefined, { maxBatchBytes: 3000 });
    spans(bytes.obs, 30, 'bytes', 'x'.repeat(300));
    await bytes.obs.flush({ timeoutMs: 2000 });
    assert.equal(bytes.collector.accepted.length, 30);
    assert.ok(bytes.collector.requests.length >= 4, `${bytes.collector.requests.length} requests`);
    for (const r of bytes.collector.requests) assert.ok(r.bytes <= 3000, `request of ${r.bytes} bytes`);
    assert.deepEqual(
      bytes.collector.accepted.map((s) => s.name),
      Array.from({ length: 30 }, (_, i) => `bytes-${i}`),
      'order kept',
    );
  });

  it('sends by itself once flushAt spans are buffered, and after flushIntervalMs otherwise', async () => {
    const { collector, obs } = await setup(undefined, { flushAt: 5, flushIntervalMs: 60_000 });
    spans(obs, 5, 'at');
    await collector.waitFor(() => collector.accepted.length === 5);

    const timed = await setup(undefined, { flushAt: 1000, flushIntervalMs: 30 });
    spans(timed.obs, 2, 'interval');
    await timed.collector.waitFor(() => timed.collector.accepted.length === 2);
  });

  it('drops a single span larger than a request may be, and counts it', async () => {
    const { collector, obs, warnings } = await setup(undefined, { maxBatchBytes: 2000, maxFieldSize: 100_000 });
    obs.span('ok-before', () => undefined);
    obs.span('too-big', { input: 'y'.repeat(5000) }, () => undefined);
    obs.span('ok-after', () => undefined);
    const result = await obs.flush({ timeoutMs: 2000 });
    assert.deepEqual(result, { sent: 2, dropped: 1, spooled: 0, pending: 0, timedOut: false });
    assert.deepEqual(
      collector.accepted.map((s) => s.name),
      ['ok-before', 'ok-after'],
    );
    assert.equal(obs.stats().droppedByReason.tooLarge, 1);
    assert.equal(warnings.filter((w) => w.includes('too-big')).length, 1);
  });
});

describe('transport: bounded buffer', () => {
  it('drops the oldest spans when full and counts them', async () => {
    const { collector, obs } = await setup(undefined, { maxBufferSize: 5 });
    spans(obs, 8, 'overflow'); // synchronously: nothing can be sent in between
    assert.equal(obs.stats().droppedByReason.bufferFull, 3);
    assert.equal(obs.stats().buffered, 5);
    const result = await obs.flush({ timeoutMs: 2000 });
    assert.equal(result.sent, 5);
    assert.deepEqual(
      collector.accepted.map((s) => s.name),
      ['overflow-3', 'overflow-4', 'overflow-5', 'overflow-6', 'overflow-7'],
    );
    assert.equal(obs.stats().dropped, 3);
  });

  it('stays bounded under a dead server: buffered + in flight never pass maxBufferSize', async () => {
    const port = await deadPort();
    const { obs } = testObs({ baseUrl: `http://127.0.0.1:${port}`, maxBufferSize: 100, flushAt: 10, maxBatchSize: 10 });
    cleanups.push(() => obs.shutdown({ timeoutMs: 10 }));
    let maxPending = 0;
    for (let i = 0; i < 20; i++) {
      spans(obs, 100, `dead-${i}`);
      maxPending = Math.max(maxPending, obs.stats().pending);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const stats = obs.stats();
    assert.ok(maxPending <= 100, `pending reached ${maxPending}`);
    assert.equal(stats.pending + stats.dropped + stats.sent, 2000, 'every span is accounted for');
    assert.ok(stats.droppedByReason.bufferFull >= 1890, JSON.stringify(stats));
    assert.equal(stats.dropped, stats.droppedByReason.bufferFull);
  });
});

describe('transport: retries', () => {
  it('honours Retry-After on 429 (even when flushed meanwhile), then sends', async () => {
    const { collector, obs } = await setup((_req, i) =>
      i === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { code: 'rate_limited' } } : 'default',
    );
    spans(obs, 3, 'limited');
    const flushing = obs.flush({ timeoutMs: 5000 });
    await collector.waitFor(() => collector.requests.length === 1);
    await obs.flush({ timeoutMs: 10 }); // a flush meanwhile does not cut the server's Retry-After short
    const result = await flushing;
    assert.deepEqual(result, { sent: 3, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.requests.length, 2);
    const gap = collector.requests[1]!.at - collector.requests[0]!.at;
    assert.ok(gap >= 990, `retried after ${gap} ms; Retry-After asked for 1000`);
    assert.ok(gap < 2500, `retried after ${gap} ms`);
    assert.equal(obs.stats().retries, 1);
  });

  it('retries 5xx with growing, jittered backoff', async () => {
    const { collector, obs } = await setup((_req, i) => (i < 3 ? { status: 503 } : 'default'), { retryBaseDelayMs: 100 });
    spans(obs, 2, 'unavailable');
    const result = await obs.flush({ timeoutMs: 5000 });
    assert.equal(result.sent, 2);
    const at = collector.requests.map((r) => r.at);
    assert.equal(at.length, 4);
    // attempt n waits between base*2^n/2 and base*2^n ms
    assert.ok(at[1]! - at[0]! >= 45, `first retry after ${at[1]! - at[0]!} ms`);
    assert.ok(at[2]! - at[1]! >= 95, `second retry after ${at[2]! - at[1]!} ms`);
    assert.ok(at[3]! - at[2]! >= 195, `third retry after ${at[3]! - at[2]!} ms`);
    assert.equal(obs.stats().retries, 3);
  });

  it('keeps retrying for maxRetryDurationMs, then drops the batch as retryExpired, loudly', async () => {
    const port = await deadPort();
    const drops: unknown[] = [];
    const { obs, warnings } = testObs({
      baseUrl: `http://127.0.0.1:${port}`,
      maxRetryDurationMs: 900,
      retryBaseDelayMs: 100,
      onDrop: (event) => drops.push(event),
    });
    cleanups.push(() => obs.shutdown({ timeoutMs: 10 }));
    spans(obs, 4, 'unreachable');
    const t0 = Date.now();
    const first = await obs.flush({ timeoutMs: 5000 });
    const elapsed = Date.now() - t0;
    assert.deepEqual(first, { sent: 0, dropped: 4, spooled: 0, pending: 0, timedOut: false });
    assert.ok(elapsed >= 880 && elapsed < 2500, `dropped after ${elapsed} ms`);
    assert.ok(obs.stats().requests >= 4, `${obs.stats().requests} attempts within the window`);
    spans(obs, 2, 'unreachable-again');
    await obs.flush({ timeoutMs: 5000 });
    const stats = obs.stats();
    assert.equal(stats.droppedByReason.retryExpired, 6);
    assert.equal(stats.dropped, 6);
    assert.deepEqual(drops, [
      { reason: 'retryExpired', count: 4 },
      { reason: 'retryExpired', count: 2 },
    ]);
    // one "retrying" notice and one drop warning: each kind at most once a minute
    assert.equal(warnings.filter((w) => /retrying/.test(w)).length, 1, warnings.join('\n'));
    assert.equal(warnings.filter((w) => /dropped 4 spans \(retryExpired\)/.test(w)).length, 1, warnings.join('\n'));
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.match(warnings[1]!, /network error/);
  });

  it('a server that recovers within the window gets every span', async () => {
    let down = true;
    const { collector, obs } = await setup(() => (down ? { status: 503, body: { code: 'upstream_unavailable' } } : 'default'));
    spans(obs, 30, 'outage');
    setTimeout(() => (down = false), 1500);
    const result = await obs.flush({ timeoutMs: 10_000 });
    assert.deepEqual(result, { sent: 30, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.accepted.length, 30);
  });

  it('never throws into the caller, even when fetch itself throws', async () => {
    const { obs } = testObs({
      maxRetryDurationMs: 0,
      fetch: () => {
        throw new Error('synchronous failure');
      },
    });
    cleanups.push(() => obs.shutdown({ timeoutMs: 10 }));
    assert.equal(
      obs.span('fine', () => 42),
      42,
    );
    const result = await obs.flush({ timeoutMs: 1000 });
    assert.deepEqual(result, { sent: 0, dropped: 1, spooled: 0, pending: 0, timedOut: false });
    assert.equal(obs.stats().droppedByReason.retryExpired, 1);
  });
});

describe('transport: 4xx answers', () => {
  it('splits a batch answered 413 and resends the halves; a single span answered 413 is dropped', async () => {
    const { collector, obs } = await setup((req) =>
      req.spans.length > 4 || req.spans.some((s) => s.name === 'huge') ? { status: 413, body: { code: 'payload_too_large' } } : 'default',
    );
    spans(obs, 8, 'split');
    obs.span('huge', () => undefined);
    spans(obs, 7, 'split-tail');
    const result = await obs.flush({ timeoutMs: 5000 });
    assert.deepEqual(result, { sent: 15, dropped: 1, spooled: 0, pending: 0, timedOut: false });
    assert.equal(new Set(collector.accepted.map((s) => s.spanId)).size, 15);
    assert.ok(!collector.accepted.some((s) => s.name === 'huge'));
    assert.equal(obs.stats().droppedByReason.tooLarge, 1);
    // 16 → 8 (→ 4, 4) + 8 (→ 4 holding "huge" (→ 2 (→ 1 huge, 1), 2), 4)
    assert.deepEqual(
      collector.requests.map((r) => r.spans.length),
      [16, 8, 4, 4, 8, 4, 2, 1, 1, 2, 4],
    );
  });

  it('drops other 4xx batches as rejected without retrying, warning once a minute per reason', async () => {
    const { collector, obs, warnings } = await setup((_req, i) =>
      i < 2
        ? { status: 401, body: { code: 'unauthenticated', detail: 'invalid API key' } }
        : { status: 402, body: { code: 'plan_limit_exceeded' } },
    );
    spans(obs, 3, 'denied');
    await obs.flush({ timeoutMs: 2000 });
    spans(obs, 2, 'denied-again');
    await obs.flush({ timeoutMs: 2000 });
    spans(obs, 1, 'over-quota');
    const result = await obs.flush({ timeoutMs: 2000 });
    assert.deepEqual(result, { sent: 0, dropped: 1, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.requests.length, 3, 'no retries');
    assert.equal(obs.stats().droppedByReason.rejected, 6);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /dropped 3 spans \(rejected\).*HTTP 401 \(unauthenticated: invalid API key\)/);
  });

  it('counts spans the server rejected inside a 200 answer', async () => {
    const { obs, warnings } = await setup((req) => ({
      status: 200,
      body: { accepted: req.spans.length - 1, errors: [{ index: 0, code: 'validation_failed', message: 'name too long' }] },
    }));
    spans(obs, 4, 'partly');
    const result = await obs.flush({ timeoutMs: 2000 });
    assert.deepEqual(result, { sent: 3, dropped: 1, spooled: 0, pending: 0, timedOut: false });
    assert.equal(obs.stats().droppedByReason.rejected, 1);
    assert.match(warnings[0]!, /validation_failed: name too long/);
  });
});

describe('flush and shutdown', () => {
  it('flush returns within its timeout when the server never answers, reporting what is pending', async () => {
    const { collector, obs } = await setup(() => 'hang');
    spans(obs, 5, 'stuck');
    const t0 = Date.now();
    const result = await obs.flush({ timeoutMs: 300 });
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 290 && elapsed < 1000, `returned after ${elapsed} ms`);
    assert.deepEqual(result, { sent: 0, dropped: 0, spooled: 0, pending: 5, timedOut: true });
    assert.equal(collector.requests.length, 1);
    assert.equal(obs.stats().inFlight, 5);

    // shutdown honours its timeout against a hung server, and nothing stays "in flight" afterwards
    const t1 = Date.now();
    const final = await obs.shutdown({ timeoutMs: 200 });
    const took = Date.now() - t1;
    assert.ok(took >= 190 && took < 1000, `shutdown took ${took} ms`);
    assert.deepEqual(final, { sent: 0, dropped: 5, spooled: 0, pending: 0, timedOut: true });
    const stats = obs.stats();
    assert.equal(stats.pending, 0);
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.droppedByReason.shutdownTimeout, 5, 'no spool: counted as shutdownTimeout');
  });

  it('a request that never answers is aborted after requestTimeoutMs and retried', async () => {
    const { collector, obs } = await setup((_req, i) => (i === 0 ? 'hang' : 'default'), { requestTimeoutMs: 100 });
    spans(obs, 2, 'slow');
    const result = await obs.flush({ timeoutMs: 3000 });
    assert.deepEqual(result, { sent: 2, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.requests.length, 2);
  });

  it('flush with nothing buffered resolves at once', async () => {
    const { obs } = testObs();
    const t0 = Date.now();
    assert.deepEqual(await obs.flush({ timeoutMs: 5000 }), { sent: 0, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.ok(Date.now() - t0 < 100);
    await obs.shutdown();
  });

  it('shutdown ends spans still open, flushes, stops recording, and is idempotent', async () => {
    const { collector, obs } = await setup();
    spans(obs, 3, 'before-shutdown');
    let release!: () => void;
    const running = obs.span('spans-shutdown', () => new Promise<void>((resolve) => (release = resolve)));
    const first = await obs.shutdown({ timeoutMs: 2000 });
    assert.deepEqual(first, { sent: 4, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.accepted.length, 4);
    const open = collector.accepted.find((s) => s.name === 'spans-shutdown')!;
    assert.equal(open.status, 'unset');
    assert.equal(open.attributes?.['agentobs.unfinished'], 'shutdown');

    obs.span('after-shutdown', (span) => assert.equal(span.isRecording, false));
    release();
    await running;
    assert.equal(obs.stats().dropped, 0, 'the span already ended at shutdown: nothing to drop');
    assert.equal(await obs.shutdown(), first, 'a second shutdown returns the first result');
    const flushed = await obs.flush({ timeoutMs: 100 });
    assert.deepEqual(flushed, { sent: 0, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.requests.length, 1);
  });

  it('stats() has the documented keys, and dropped is the sum of droppedByReason', async () => {
    const { obs } = await setup(undefined, { maxBufferSize: 2 });
    spans(obs, 5, 'stats');
    const stats = obs.stats();
    assert.deepEqual(Object.keys(stats).sort(), [
      'buffered',
      'dropped',
      'droppedByReason',
      'inFlight',
      'pending',
      'replayed',
      'requests',
      'retries',
      'sampledOut',
      'sent',
      'spooled',
    ]);
    assert.deepEqual(Object.keys(stats.droppedByReason).sort(), ['bufferFull', 'rejected', 'retryExpired', 'shutdownTimeout', 'tooLarge']);
    assert.equal(
      stats.dropped,
      Object.values(stats.droppedByReason).reduce((a, b) => a + b, 0),
    );
    assert.equal(stats.dropped, 3);
  });

  it('without an API key records nothing and warns once', async () => {
    const saved = process.env['AGENTOBS_API_KEY'];
    delete process.env['AGENTOBS_API_KEY'];
    try {
      const logger = captureLogger();
      const obs = new AgentObs({ registerExitHandlers: false, logger });
      obs.span('no-key', (span) => assert.equal(span.isRecording, false));
      assert.equal(logger.messages.length, 1);
      assert.match(logger.messages[0]!, /AGENTOBS_API_KEY/);
      assert.deepEqual(await obs.flush(), { sent: 0, dropped: 0, spooled: 0, pending: 0, timedOut: false });
      await obs.shutdown();
    } finally {
      if (saved !== undefined) process.env['AGENTOBS_API_KEY'] = saved;
    }
  });

  it('reads AGENTOBS_API_KEY and AGENTOBS_BASE_URL from the environment', async () => {
    const collector = await startCollector();
    cleanups.push(() => collector.close());
    const saved = { key: process.env['AGENTOBS_API_KEY'], url: process.env['AGENTOBS_BASE_URL'] };
    process.env['AGENTOBS_API_KEY'] = 'ao_sk_from_env';
    process.env['AGENTOBS_BASE_URL'] = `${collector.url}/`;
    try {
      const obs = new AgentObs({ registerExitHandlers: false, spoolDir: false });
      assert.equal(obs.baseUrl, collector.url);
      obs.span('env', () => undefined);
      await obs.shutdown();
      assert.equal(collector.requests[0]!.headers.authorization, 'Bearer ao_sk_from_env');
      assert.equal(new AgentObs({ apiKey: '', baseUrl: undefined }).baseUrl, collector.url);
    } finally {
      for (const [name, value] of [
        ['AGENTOBS_API_KEY', saved.key],
        ['AGENTOBS_BASE_URL', saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    assert.equal(new AgentObs({ apiKey: '' }).baseUrl, 'http://127.0.0.1:8000');
  });
});
