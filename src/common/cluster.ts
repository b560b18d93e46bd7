import cluster, { Worker } from 'node:cluster';
import { hostname } from 'node:os';
import { SHUTDOWN_TIMEOUT_MS } from './shutdown';

/** Restarts after this many exits in a row of processes that lived less than QUICK_EXIT_MS mean a crash loop: stop. */
const MAX_QUICK_EXITS = 5;
const QUICK_EXIT_MS = 10_000;

/**
 * API_PROCESSES > 1: this process is a node:cluster primary. It builds no app and opens no database; it forks
 * `count` API processes (this same script, `cluster.isWorker`) that listen on one port: the primary owns the
 * listening socket and hands each new connection to the next process in turn (round robin, Node's default
 * on Linux). Why cluster rather than SO_REUSEPORT: README "Several processes".
 *
 * - start: resolves once every process listens; one that exits before it listened stops them all (exit 1), as a
 *   single process that fails to start does.
 * - a process that exits later (crash, OOM kill, or a SIGTERM sent to it alone, e.g. to replace it) is replaced;
 *   its open connections were its own, the others never stopped accepting. Five quick exits in a row: exit 1.
 * - SIGTERM / SIGINT to the primary: SIGTERM to every process (each drains, finishes in flight and exits 0),
 *   then exit 0 (1 if one of them did not stop cleanly within the grace period).
 */
export async function runApiPrimary(count: number, port: number): Promise<void> {
  // pino's line format, as the API processes log
  const levels = { info: 30, warn: 40, error: 50 };
  const host = hostname();
  const log = (level: keyof typeof levels, msg: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(
      JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, hostname: host, context: 'ApiPrimary', ...extra, msg }) +
        '\n',
    );
  cluster.setupPrimary({ serialization: 'json' });
  let stopping = false;
  let starting = true;
  let quickExits = 0;
  const startedAt = new Map<number, number>();
  const listening = new Set<number>();
  const fork = (): Worker => {
    const worker = cluster.fork({ API_PROCESS_INDEX: String(startedAt.size) });
    startedAt.set(worker.id, Date.now());
    worker.once('listening', () => {
      listening.add(worker.id);
      if (!starting) log('info', `API process ${worker.process.pid} listening`);
    });
    return worker;
  };

  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    if (!live.length) process.exit(code);
    for (const w of live) w.process.kill('SIGTERM');
    let failed = code !== 0;
    let left = live.length;
    cluster.on('exit', (w, exitCode, signal) => {
      // (one still starting has no signal handler yet: SIGTERM ends it at once, which is a clean stop too)
      if (exitCode !== 0 && !(signal === 'SIGTERM' && !listening.has(w.id))) failed = true;
      if (--left === 0) {
        log(failed ? 'warn' : 'info', `all ${live.length} API processes stopped`);
        process.exit(failed ? 1 : 0);
      }
    });
    setTimeout(() => {
      log('error', `API processes still running ${SHUTDOWN_TIMEOUT_MS + 5_000} ms after SIGTERM: killing them`);
      for (const w of live) if (!w.isDead()) w.process.kill('SIGKILL');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS + 5_000).unref();
  };

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const pid = worker.process.pid;
    if (starting) {
      log('error', `API process ${pid} exited (${signal ?? code}) before it listened: stopping`);
      return stop(1);
    }
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    quickExits = lived < QUICK_EXIT_MS ? quickExits + 1 : 0;
    if (quickExits >= MAX_QUICK_EXITS) {
      log('error', `${quickExits} API processes in a row exited within ${QUICK_EXIT_MS / 1000} s of starting: stopping`);
      return stop(1);
    }
    log('warn', `API process ${pid} exited (${signal ?? `code ${code}`}): starting another`);
    setTimeout(() => !stopping && fork(), Math.min(10_000, 200 * 2 ** quickExits)).unref();
  });
  for (const s of ['SIGTERM', 'SIGINT'] as const)
    process.on(s, () => {
      log('info', `${s}: stopping ${count} API processes`);
      stop(0);
    });

  const workers = Array.from({ length: count }, fork);
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once('listening', () => resolve()))));
  starting = false;
  log('info', `API listening on port ${port} with ${count} processes`, { processes: workers.map((w) => w.process.pid) });
}
