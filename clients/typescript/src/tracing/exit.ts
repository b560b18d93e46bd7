/**
 * Shutting live AgentObs instances down when a Node process ends: on `beforeExit` (the event loop ran
 * dry) and on SIGINT / SIGTERM. Listeners are installed once, while at least one instance is live, and
 * removed with the last one, so that a process without live instances keeps Node's default signal
 * behaviour. After a signal, once every instance has flushed (within its shutdown timeout), the signal is
 * raised again if nobody else listens to it, so the process still terminates the way it would have.
 * A no-op where there is no `process.on` (edge runtimes, browsers).
 */

export interface ShutsDown {
  shutdown(): Promise<unknown>;
}

interface ProcessLike {
  pid: number;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: string): unknown;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const live = new Set<ShutsDown>();
let installed = false;

function nodeProcess(): ProcessLike | undefined {
  const p = (globalThis as { process?: Partial<ProcessLike> }).process;
  return p && typeof p.on === 'function' && typeof p.removeListener === 'function' && typeof p.listenerCount === 'function'
    ? (p as ProcessLike)
    : undefined;
}

function shutdownAll(): Promise<unknown> {
  return Promise.allSettled([...live].map((obs) => obs.shutdown()));
}

function onBeforeExit(): void {
  if (live.size > 0) void shutdownAll();
}

function onSignal(signal: unknown): void {
  const proc = nodeProcess();
  void shutdownAll().then(() => {
    if (!proc) return;
    proc.removeListener(String(signal), onSignal);
    if (proc.listenerCount(String(signal)) === 0) proc.kill(proc.pid, String(signal));
  });
}

export function registerForExit(obs: ShutsDown): void {
  const proc = nodeProcess();
  if (!proc) return;
  live.add(obs);
  if (installed) return;
  installed = true;
  proc.on('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) proc.on(signal, onSignal);
}

export function unregisterForExit(obs: ShutsDown): void {
  live.delete(obs);
  const proc = nodeProcess();
  if (live.size > 0 || !installed || !proc) return;
  installed = false;
  proc.removeListener('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) proc.removeListener(signal, onSignal);
}
