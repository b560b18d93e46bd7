import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';

/**
 * Failures the code deliberately carries on after (a cache write, a best-effort cleanup, a connection error
 * that the next command will surface): never silent. Each one is counted in `swallowed_errors_total{where}`
 * (every Metrics registry exposes it on /metrics) and logged with its context — at most one line per `where`
 * every LOG_INTERVAL_MS, so an outage (Redis down: every request's cache read fails) does not flood the log;
 * the next line says how many were not logged.
 *
 * `where` is a fixed name of the call site (`cache.write`, `idempotency.finish`, …), never request data: it is a
 * metric label. Context must hold no secrets (ids, names of queues or keys are fine; tokens, bodies are not).
 */
export const swallowedErrors = new Counter<'where'>({
  name: 'swallowed_errors_total',
  help: 'Failures handled by logging them and carrying on, by call site',
  labelNames: ['where'],
  registers: [],
});

const LOG_INTERVAL_MS = 10_000;
const logger = new Logger('Swallowed');
const lastLog = new Map<string, { at: number; suppressed: number }>();

/** The parts of an error that are safe and useful in a log line (no stack, no driver objects). */
export function describeError(err: unknown): { name?: string; message: string; code?: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { name: err.name, message: err.message.slice(0, 300), ...(typeof code === 'string' ? { code } : {}) };
  }
  return { message: String(err).slice(0, 300) };
}

/** Counts and (rate-limited) logs a failure the caller handles by carrying on. */
export function reportSwallowed(where: string, err: unknown, context: Record<string, unknown> = {}, now = Date.now()): void {
  swallowedErrors.inc({ where });
  const last = lastLog.get(where);
  if (last && now - last.at < LOG_INTERVAL_MS) {
    last.suppressed++;
    return;
  }
  const suppressed = last?.suppressed ?? 0;
  lastLog.set(where, { at: now, suppressed: 0 });
  logger.warn({ where, err: describeError(err), ...context, ...(suppressed ? { notLoggedSinceLast: suppressed } : {}) }, `${where} failed`);
}

/** `promise.catch(swallow('cache.write', { key }))`: reports the failure and resolves to undefined. */
export const swallow =
  (where: string, context?: Record<string, unknown>) =>
  (err: unknown): undefined => {
    reportSwallowed(where, err, context);
    return undefined;
  };
