import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/** How long a graceful stop may take (in-flight requests, running jobs) before the process gives up and exits 1. */
export const SHUTDOWN_TIMEOUT_MS = 25_000;

/**
 * Graceful stop on SIGTERM / SIGINT, then exit 0. Nest's own `enableShutdownHooks()` re-raises the signal once
 * it has closed, so the process would end "killed by SIGTERM" (143) even after a clean stop; supervisors
 * (Docker, Kubernetes, systemd) and `make up` read exit 0 as "stopped cleanly". `app.close()` stops accepting
 * connections, lets in-flight requests finish (the API answers 503 to new requests on open connections
 * meanwhile), waits for running jobs (worker), then closes Postgres and Redis. A second signal, or a stop
 * that outlasts `timeoutMs`, exits 1 at once.
 */
export function exitOnSignals(app: INestApplicationContext, logger: LoggerService, timeoutMs = SHUTDOWN_TIMEOUT_MS): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn?.(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal}: stopping gracefully`);
    const timer = setTimeout(() => {
      logger.error(`graceful stop took longer than ${timeoutMs} ms: exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`graceful stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
