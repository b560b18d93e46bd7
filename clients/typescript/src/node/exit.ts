/**
 * What live AgentObs instances do on each way a Node process ends — without changing how it ends:
 *
 * - the event loop runs dry (`beforeExit`): shut down (flush within `shutdownTimeoutMs`, spool the rest);
 *   the process then exits by itself with the exit code it had;
 * - SIGINT / SIGTERM: shut down the same way; then, if no other listener handles the signal, it is raised
 *   again, so the process ends by that signal as it would have (a second signal stops the flush at once);
 *   if the program has its own listener, it keeps deciding what happens (and its `process.exit()` spools);
 * - an uncaught exception or unhandled rejection that will end the process (no `uncaughtException`
 *   listener of the program): in `uncaughtExceptionMonitor`, which cannot change what Node does next,
 *   pending spans are sent synchronously (bounded by `shutdownTimeoutMs`) and the rest spooled; Node then
 *   prints the error and exits with code 1, as always;
 * - `process.exit()` and anything else that reaches `exit`: only synchronous work can run: pending spans
 *   are written to the spool, for the next process.
 *
 * Listeners are installed while at least one instance is live and removed with the last one, so that a
 * process without live instances keeps Node's default behaviour.
 */
import type { ExitParticipant } from '../tracing/runtime';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Signal = (typeof SIGNALS)[number];

const live = new Set<ExitParticipant>();
const signalling = new Set<Signal>();
let installed = false;

function shutdownAll(): Promise<unknown> {
  return Promise.allSettled([...live].map((p) => p.shutdown()));
}

function onBeforeExit(): void {
  if (live.size > 0) void shutdownAll();
}

function raiseAgain(signal: Signal): void {
  process.removeListener(signal, onSignal);
  signalling.delete(signal);
  const othersListen = process.listenerCount(signal) > 0;
  uninstallIfIdle();
  if (!othersListen) process.kill(process.pid, signal);
}

function onSignal(signal: Signal): void {
  if (signalling.has(signal)) {
    // the same signal again while flushing: stop waiting, keep what is pending on disk, end now
    for (const p of [...live]) p.exitSync();
    raiseAgain(signal);
    return;
  }
  signalling.add(signal);
  void shutdownAll().then(() => {
    if (signalling.has(signal)) raiseAgain(signal);
  });
}

function onUncaughtException(error: unknown): void {
  const fatal =
    process.listenerCount('uncaughtException') === 0 &&
    !(process as { hasUncaughtExceptionCaptureCallback?: () => boolean }).hasUncaughtExceptionCaptureCallback?.();
  if (!fatal) return;
  for (const p of [...live]) p.crashSync(error);
}

function onExit(): void {
  for (const p of [...live]) p.exitSync();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtExceptionMonitor', onUncaughtException);
  process.on('exit', onExit);
}

function uninstallIfIdle(): void {
  if (!installed || live.size > 0) return;
  process.removeListener('beforeExit', onBeforeExit);
  for (const signal of SIGNALS) if (!signalling.has(signal)) process.removeListener(signal, onSignal);
  if (signalling.size > 0) return; // a signal's flush is still running: its listener (and `exit`'s) stay
  process.removeListener('uncaughtExceptionMonitor', onUncaughtException);
  process.removeListener('exit', onExit);
  installed = false;
}

export function registerForExit(participant: ExitParticipant): void {
  if (typeof process === 'undefined' || typeof process.on !== 'function') return;
  live.add(participant);
  install();
}

export function unregisterForExit(participant: ExitParticipant): void {
  live.delete(participant);
  uninstallIfIdle();
}
