import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startCollector, type Collector } from '../helpers/collector';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/exit-child.ts', import.meta.url));

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

function runChild(mode: string, onReady?: (child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
    cwd: root,
    env: { ...process.env, AGENTOBS_BASE_URL: collector.url, AGENTOBS_API_KEY: 'ao_sk_child' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    if (d.toString().includes('ready')) onReady?.(child);
  });
  const started = Date.now();
  // a child that does not end by itself is a failure, not a hung test run
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, ms: Date.now() - started, stderr });
    }),
  );
}

/** The spans of the trace whose step returned `mode`. */
function spansOf(mode: string) {
  const step = collector.accepted.find((s) => s.name === 'exit-step' && s.output === mode);
  return step === undefined ? [] : collector.accepted.filter((s) => s.traceId === step.traceId);
}

describe('process exit', () => {
  it('flushes on beforeExit when the program simply ends', async () => {
    const result = await runChild('before-exit');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      spansOf('before-exit')
        .map((s) => s.name)
        .sort(),
      ['exit-root', 'exit-step'],
    );
  });

  it('flushes on SIGTERM, then terminates by that signal', async () => {
    const result = await runChild('signal', (child) => child.kill('SIGTERM'));
    assert.equal(result.signal, 'SIGTERM', `exit code ${result.code}: ${result.stderr}`);
    assert.deepEqual(
      spansOf('signal')
        .map((s) => s.name)
        .sort(),
      ['exit-root', 'exit-step'],
    );
  });

  it('buffered spans and timers do not keep the process alive', async () => {
    const before = collector.requests.length;
    const result = await runChild('no-hooks');
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.ms < 5000, `exited after ${result.ms} ms`);
    assert.equal(collector.requests.length, before, 'nothing was sent: exit hooks were off and the timer did not hold the process');
  });
});
