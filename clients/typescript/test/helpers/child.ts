/** Runs test/fixtures/exit-child.ts in a child process and reports how it ended. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/exit-child.ts', import.meta.url));

export interface ChildOptions {
  baseUrl: string;
  /** Default: a key of its own per test file run. */
  apiKey?: string;
  /** Run the program with the SDK disabled (no API key: no hooks): the baseline of "how it ends without the SDK". */
  disabled?: boolean;
  /** Sent once the child printed "ready". */
  signal?: NodeJS.Signals;
  spoolDir?: string;
  env?: Record<string, string>;
  /** A child still running after this long is killed (and the test fails on its exit). Default 20 s. */
  timeoutMs?: number;
}

export interface ChildRun {
  /** The run's id: the output of its `exit-step` span is `<mode>/<id>`. */
  id: string;
  /** The trace it recorded (`exit-root` > `exit-step`), if any. */
  traceId: string | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to exit. */
  ms: number;
  /** From the child's "ready" (spans recorded; the signal is sent then) to its exit. */
  msAfterReady: number;
  stdout: string;
  stderr: string;
}

export function runChild(mode: string, options: ChildOptions): Promise<ChildRun> {
  const id = randomBytes(6).toString('hex');
  const env: Record<string, string | undefined> = {
    ...process.env,
    AGENTOBS_BASE_URL: options.baseUrl,
    AGENTOBS_API_KEY: options.disabled ? '' : (options.apiKey ?? 'ao_sk_child'),
    RUN_ID: id,
    SPOOL_DIR: options.spoolDir ?? '',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = Date.now();
  let readyAt = started;
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    const had = stdout.includes('ready\n');
    stdout += d.toString();
    if (!had && stdout.includes('ready\n')) {
      readyAt = Date.now();
      if (options.signal) child.kill(options.signal);
    }
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      const now = Date.now();
      const traceId = /trace=([0-9a-f]{32})/.exec(stdout)?.[1];
      resolve({ id, traceId, code, signal, ms: now - started, msAfterReady: now - readyAt, stdout, stderr });
    }),
  );
}
