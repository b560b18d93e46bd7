/**
 * "No span lost that could have been kept", against the real API (scripts/test-sdks.sh starts it) through a
 * fault-injecting proxy: refused connections, resets, a hung API, 503s, a slow API, an outage of more than
 * 10 s; and every way a process ends, in child processes. Spans are read back from the API.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AgentObs } from '../../src/index';
import type { InternalOptions } from '../../src/tracing/types';
import { readTrace, target, traceExists } from '../helpers/api';
import { runChild, type ChildRun } from '../helpers/child';
import { captureLogger } from '../helpers/collector';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy';
import { until } from '../helpers/util';

let proxy: FaultProxy;
let spoolRoot: string;
const instances: AgentObs[] = [];

before(async () => {
  proxy = await startFaultProxy(target().baseUrl);
  spoolRoot = mkdtempSync(join(tmpdir(), 'agentobs-trust-'));
});
after(async () => {
  await Promise.all(instances.map((obs) => obs.shutdown({ timeoutMs: 100 })));
  await proxy.close();
  rmSync(spoolRoot, { recursive: true, force: true });
});

function obsViaProxy(options: InternalOptions = {}): { obs: AgentObs; warnings: string[] } {
  const logger = captureLogger();
  const obs = new AgentObs(<InternalOptions>{
    apiKey: target().apiKey,
    baseUrl: proxy.url,
    registerExitHandlers: false,
    spoolDir: false,
    flushAt: 1000,
    flushIntervalMs: 200,
    logger,
    ...options,
  });
  instances.push(obs);
  return { obs, warnings: logger.messages };
}

/** A trace of three spans: root > (llm, tool). Returns its id. */
function record(obs: AgentObs, name: string): string {
  return obs.span(name, { kind: 'agent', input: { name } }, (root) => {
    obs.span('think', { kind: 'llm', model: 'gpt-4o-mini' }, (s) => s.setUsage({ inputTokens: 10, outputTokens: 2 }));
    obs.span('act', { kind: 'tool' }, () => 'done');
    return root.traceId;
  });
}

async function expectStored(traceIds: string[]): Promise<void> {
  for (const id of traceIds) {
    const trace = await readTrace(id, 3);
    assert.deepEqual(trace.spans.map((s) => s.name).sort(), ['act', trace.spans.find((s) => !s.parentSpanId)!.name, 'think'].sort());
  }
}

describe('faults between the SDK and the API: every span arrives', () => {
  for (const fault of ['refuse', 'reset'] as const) {
    it(`${fault === 'refuse' ? 'refused connections (API down)' : 'connections reset'}, then back: retried until sent`, async () => {
      await proxy.setMode(fault);
      const { obs } = obsViaProxy();
      const ids = Array.from({ length: 5 }, (_, i) => record(obs, `${fault}-${i}`));
      await until(() => obs.stats().retries >= 2, 10_000, 'two retries');
      assert.equal(obs.stats().sent, 0);
      await proxy.setMode('pass');
      const result = await obs.flush({ timeoutMs: 20_000 });
      assert.deepEqual(result, { sent: 15, dropped: 0, spooled: 0, pending: 0, timedOut: false });
      await expectStored(ids);
    });
  }

  it('503 with Retry-After: waits what the API asked, then sends', async () => {
    await proxy.setMode('503', { retryAfterS: 2 });
    const { obs } = obsViaProxy();
    const ids = [record(obs, 'unavailable-0'), record(obs, 'unavailable-1')];
    const t0 = Date.now();
    void obs.flush({ timeoutMs: 100 });
    await until(() => proxy.seen['503'] >= 1, 5000, 'a 503');
    await proxy.setMode('pass');
    const result = await obs.flush({ timeoutMs: 10_000 });
    assert.equal(result.pending, 0);
    assert.equal(obs.stats().sent, 6);
    assert.ok(Date.now() - t0 >= 1900, `sent after ${Date.now() - t0} ms: Retry-After was 2 s`);
    assert.ok(obs.stats().retries >= 1);
    await expectStored(ids);
  });

  it('a slow API (1.5 s per request): flush waits for it, nothing lost', async () => {
    await proxy.setMode('slow', { slowMs: 1500 });
    const { obs } = obsViaProxy();
    const ids = [record(obs, 'slow-0'), record(obs, 'slow-1')];
    const t0 = Date.now();
    const result = await obs.flush({ timeoutMs: 10_000 });
    assert.deepEqual(result, { sent: 6, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.ok(Date.now() - t0 >= 1400);
    await proxy.setMode('pass');
    await expectStored(ids);
  });

  it('a hung API: requests time out and are retried; shutdown keeps to its timeout and spools; the next process sends the spool', async () => {
    await proxy.setMode('hang');
    const spoolDir = mkdtempSync(join(spoolRoot, 'hang-'));
    const { obs } = obsViaProxy({ requestTimeoutMs: 500, spoolDir });
    const ids = [record(obs, 'hung-0'), record(obs, 'hung-1')];
    await until(() => proxy.seen.hang >= 2, 10_000, 'a request timed out and was retried');
    const t0 = Date.now();
    const result = await obs.shutdown({ timeoutMs: 1500 });
    const took = Date.now() - t0;
    assert.ok(took >= 1400 && took < 3000, `shutdown took ${took} ms`);
    assert.deepEqual(result, { sent: 0, dropped: 0, spooled: 6, pending: 0, timedOut: true });
    assert.equal(obs.stats().inFlight, 0, 'nothing left "in flight" forever');
    for (const id of ids) assert.equal(await traceExists(id), false);
    await proxy.setMode('pass');
    const next = obsViaProxy({ spoolDir }).obs;
    await next.flush({ timeoutMs: 10_000 });
    assert.equal(next.stats().replayed, 6);
    await expectStored(ids);
    assert.deepEqual(
      readdirSync(spoolDir).flatMap((d) => readdirSync(join(spoolDir, d))),
      [],
    );
  });

  it('an outage of more than 10 s while the program keeps working, then recovery: every span arrives', async () => {
    const drops: unknown[] = [];
    const { obs, warnings } = obsViaProxy({ flushAt: 30, onDrop: (e) => drops.push(e) });
    await proxy.setMode('refuse');
    const ids: string[] = [];
    const outageStart = Date.now();
    while (Date.now() - outageStart < 12_000) {
      ids.push(record(obs, `outage-${ids.length}`));
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    assert.ok(obs.stats().pending > 0);
    assert.equal(obs.stats().sent, 0, 'nothing could be sent during the outage');
    assert.match(warnings.join('\n'), /retrying with backoff/, 'the outage is told');
    await proxy.setMode('pass');
    const result = await obs.flush({ timeoutMs: 60_000 });
    assert.equal(result.pending, 0);
    assert.deepEqual(drops, []);
    assert.equal(obs.stats().sent, ids.length * 3);
    assert.equal(obs.stats().dropped, 0);
    await expectStored(ids);
  });
});

describe('exit paths against the API: the exit is unchanged, spans sent or spooled then replayed', () => {
  const via = () => ({ baseUrl: proxy.url, apiKey: target().apiKey });

  async function stored(run: ChildRun): Promise<void> {
    assert.ok(run.traceId, run.stdout);
    const trace = await readTrace(run.traceId, 2);
    assert.deepEqual(trace.spans.map((s) => s.name).sort(), ['exit-root', 'exit-step']);
  }

  it('normal end, SIGTERM, SIGINT, uncaught exception, unhandled rejection: same code/signal as without the SDK; spans stored', async () => {
    await proxy.setMode('pass');
    const cases: [string, NodeJS.Signals | undefined][] = [
      ['normal', undefined],
      ['sigterm', 'SIGTERM'],
      ['sigint', 'SIGINT'],
      ['uncaught', undefined],
      ['rejection', undefined],
    ];
    for (const [mode, signal] of cases) {
      const baseline = await runChild(mode, { ...via(), disabled: true, signal });
      const run = await runChild(mode, { ...via(), signal });
      assert.equal(run.code, baseline.code, `${mode}: ${run.stderr}`);
      assert.equal(run.signal, baseline.signal, mode);
      await stored(run);
    }
  });

  it('process.exit(): spooled synchronously, stored once the next process starts', async () => {
    await proxy.setMode('pass');
    const spoolDir = mkdtempSync(join(spoolRoot, 'exit-'));
    const run = await runChild('exit', { ...via(), spoolDir, env: { EXIT_CODE: '5' } });
    assert.equal(run.code, 5, run.stderr);
    assert.equal(await traceExists(run.traceId!), false);
    const next = await runChild('replay', { ...via(), spoolDir });
    assert.equal(next.code, 0, next.stderr);
    await stored(run);
  });

  it('a hung API at exit: the process still ends within shutdownTimeoutMs; the spool is sent by the next process', async () => {
    for (const [mode, signal] of [
      ['normal', undefined],
      ['sigterm', 'SIGTERM'],
      ['uncaught', undefined],
    ] as const) {
      await proxy.setMode('hang');
      const spoolDir = mkdtempSync(join(spoolRoot, `hung-exit-${mode}-`));
      const run = await runChild(mode, { ...via(), spoolDir, signal, env: { SHUTDOWN_TIMEOUT_MS: '1000' } });
      assert.ok(run.msAfterReady < 3500, `${mode}: took ${run.msAfterReady} ms`);
      if (signal) assert.equal(run.signal, signal);
      else assert.equal(run.code, mode === 'uncaught' ? 1 : 0, run.stderr);
      await proxy.setMode('pass');
      assert.equal(await traceExists(run.traceId!), false);
      const next = await runChild('replay', { ...via(), spoolDir });
      assert.equal(next.code, 0, next.stderr);
      await stored(run);
    }
  });
});
