/**
 * Every way a process ends, in child processes (test/fixtures/exit-child.ts) against the stand-in collector:
 * the spans are sent (or spooled, then sent by the next process), and the process ends exactly as it does
 * without the SDK (same exit code, same signal, same error output) — the baseline is the same program with
 * the SDK disabled (no API key: no hooks at all).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCollector, type Collector, type WireSpan } from '../helpers/collector';
import { runChild } from '../helpers/child';

let collector: Collector;
/** Hangs while `hanging` is true (then answers as usual: the next process replays to the same address). */
let hung: Collector;
let hanging = true;
let spoolRoot: string;
before(async () => {
  collector = await startCollector();
  hung = await startCollector(() => (hanging ? 'hang' : 'default'));
  spoolRoot = mkdtempSync(join(tmpdir(), 'agentobs-exit-test-'));
});
after(async () => {
  await collector.close();
  await hung.close();
  rmSync(spoolRoot, { recursive: true, force: true });
});

/** The spans of the run's trace (its step returned `<mode>/<run id>`). */
function traceOf(run: { id: string }, target: Collector = collector): WireSpan[] {
  const step = target.accepted.find((s) => s.name === 'exit-step' && typeof s.output === 'string' && s.output.endsWith(`/${run.id}`));
  return step === undefined ? [] : target.accepted.filter((s) => s.traceId === step.traceId);
}

function names(spans: WireSpan[]): string[] {
  return spans.map((s) => s.name).sort();
}

/** The first line of the error Node printed (the `file:line` header above it differs between runs only in paths). */
function errorLine(stderr: string): string {
  return (
    stderr
      .split('\n')
      .find((l) => /^\w*Error|^UnhandledPromiseRejection/.test(l))
      ?.trim() ?? ''
  );
}

function spoolFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of readdirSync(dir)) out.push(...readdirSync(join(dir, sub)).map((f) => `${sub}/${f}`));
  return out;
}

describe('process exit: spans arrive, the exit is unchanged', () => {
  it('normal end: flushed on beforeExit; exit code 0, and a code set by the program is kept', async () => {
    const run = await runChild('normal', { baseUrl: collector.url });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(names(traceOf(run)), ['exit-root', 'exit-step']);
    const coded = await runChild('normal', { baseUrl: collector.url, env: { EXIT_CODE: '3' } });
    assert.equal(coded.code, 3, coded.stderr);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: flushed (open spans ended and marked), then the process ends by ${signal}`, async () => {
      const mode = signal === 'SIGTERM' ? 'sigterm' : 'sigint';
      const baseline = await runChild(mode, { baseUrl: collector.url, disabled: true, signal });
      const run = await runChild(mode, { baseUrl: collector.url, signal });
      assert.equal(baseline.signal, signal);
      assert.equal(run.signal, baseline.signal, `exit code ${run.code}: ${run.stderr}`);
      assert.equal(run.code, baseline.code);
      assert.deepEqual(names(traceOf(run)), ['exit-root', 'exit-step']);
      const open = collector.accepted.find((s) => s.name === 'still-open' && s.attributes?.['run'] === run.id);
      assert.ok(open, 'the span still open at the signal is sent');
      assert.equal(open.attributes?.['agentobs.unfinished'], 'shutdown', 'marked unfinished');
    });
  }

  it("SIGTERM with the program's own handler: the program decides (exit 0), spans are not lost", async () => {
    const run = await runChild('own-sigterm', { baseUrl: collector.url, signal: 'SIGTERM', spoolDir: spoolRoot });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.signal, null);
    const sent = names(traceOf(run));
    if (sent.length === 0) {
      // the handler's process.exit() came first: spooled, and the next process sends it
      const replay = await runChild('replay', { baseUrl: collector.url, spoolDir: spoolRoot });
      assert.equal(replay.code, 0, replay.stderr);
    }
    assert.deepEqual(names(traceOf(run)), ['exit-root', 'exit-step']);
  });

  for (const mode of ['uncaught', 'rejection'] as const) {
    it(`${mode === 'uncaught' ? 'uncaught exception' : 'unhandled rejection'}: sent synchronously; Node prints the error and exits 1 as usual`, async () => {
      const baseline = await runChild(mode, { baseUrl: collector.url, disabled: true });
      const run = await runChild(mode, { baseUrl: collector.url });
      assert.equal(baseline.code, 1);
      assert.equal(run.code, baseline.code, run.stderr);
      assert.equal(run.signal, null);
      assert.notEqual(errorLine(baseline.stderr), '');
      assert.equal(errorLine(run.stderr), errorLine(baseline.stderr));
      assert.deepEqual(names(traceOf(run)), ['exit-root', 'exit-step']);
      const crashing = collector.accepted.filter((s) => s.name === (mode === 'uncaught' ? 'crashing' : 'rejecting')).pop();
      assert.ok(crashing, 'the span open at the crash is sent');
      assert.equal(crashing.status, 'error');
      assert.match(crashing.statusMessage ?? '', /boom from a timer|nobody handles this/);
      assert.equal(crashing.attributes?.['agentobs.unfinished'], 'crash');
    });
  }

  it('process.exit(): spans are spooled synchronously and sent by the next process; the exit code is kept', async () => {
    const dir = mkdtempSync(join(spoolRoot, 'exit-'));
    const run = await runChild('exit', { baseUrl: collector.url, spoolDir: dir, env: { EXIT_CODE: '4' } });
    assert.equal(run.code, 4, run.stderr);
    assert.deepEqual(traceOf(run), [], 'nothing could be sent');
    const files = spoolFiles(dir);
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0]!, /^[0-9a-f]{16}\/\d+-\d+-[0-9a-f]{8}\.json$/);
    const replay = await runChild('replay', { baseUrl: collector.url, spoolDir: dir });
    assert.equal(replay.code, 0, replay.stderr);
    assert.deepEqual(names(traceOf(run)), ['exit-root', 'exit-step']);
    assert.deepEqual(spoolFiles(dir), [], 'deleted once accepted');
  });

  it('process.exit() without a spool: the loss is told (onDrop), not silent', async () => {
    const run = await runChild('exit', { baseUrl: collector.url });
    assert.equal(run.code, 0);
    assert.match(run.stderr, /onDrop \{"reason":"shutdownTimeout","count":2\}/);
    assert.match(run.stderr, /\[agentobs\] dropped 2 spans \(shutdownTimeout\)/);
  });

  it('buffered spans and timers do not keep the process alive without exit hooks', async () => {
    const before = collector.requests.length;
    const result = await runChild('no-hooks', { baseUrl: collector.url });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.ms < 5000, `exited after ${result.ms} ms`);
    assert.equal(collector.requests.length, before, 'nothing was sent: exit hooks were off and the timer did not hold the process');
  });
});

describe('process exit with a hung API: bounded by shutdownTimeoutMs, then spooled', () => {
  for (const mode of ['normal', 'sigterm', 'uncaught'] as const) {
    it(`${mode}: ends within shutdownTimeoutMs (+ start-up), spans spooled, sent by the next process`, async () => {
      const dir = mkdtempSync(join(spoolRoot, `hung-${mode}-`));
      hanging = true;
      const run = await runChild(mode, {
        baseUrl: hung.url,
        spoolDir: dir,
        signal: mode === 'sigterm' ? 'SIGTERM' : undefined,
        env: { SHUTDOWN_TIMEOUT_MS: '1000' },
      });
      if (mode === 'sigterm') assert.equal(run.signal, 'SIGTERM', run.stderr);
      else assert.equal(run.code, mode === 'uncaught' ? 1 : 0, run.stderr);
      // measured from "ready" (or the start of the program): the timeout plus a margin for a loaded machine
      assert.ok(run.msAfterReady < 1000 + 2500, `took ${run.msAfterReady} ms`);
      assert.ok(run.msAfterReady >= 900, `took ${run.msAfterReady} ms: the SDK should have waited for the API`);
      assert.ok(spoolFiles(dir).length >= 1, 'spooled');
      assert.deepEqual(traceOf(run, hung), []);
      hanging = false;
      const replay = await runChild('replay', { baseUrl: hung.url, spoolDir: dir });
      assert.equal(replay.code, 0, replay.stderr);
      assert.deepEqual(names(traceOf(run, hung)), ['exit-root', 'exit-step']);
      assert.deepEqual(spoolFiles(dir), []);
    });
  }
});
