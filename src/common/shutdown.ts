import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';

/** How long a graceful stop may take (in-flight requests, running jobs) before the process gives up and exits 1. */
export const SHUTDOWN_TIMEOUT_MS = 25_000;

/** A second signal this soon after the first is the same stop (a terminal's SIGINT to the group + a supervisor's SIGTERM). */
const SAME_STOP_MS = 1_000;

export interface ExitOnSignalsOptions {
  timeoutMs?: number;
  /** runs before `app.close()` (the API drains its connections: `drainHttpServer`) */
  beforeClose?: () => Promise<void>;
  /** default SIGTERM and SIGINT; an API process of a cluster listens to SIGTERM only (its primary relays the stop) */
  signals?: NodeJS.Signals[];
}

/**
 * Graceful stop on SIGTERM / SIGINT, then exit 0. Nest's own `enableShutdownHooks()` re-raises the signal once
 * it has closed, so the process would end "killed by SIGTERM" (143) even after a clean stop; supervisors
 * (Docker, Kubernetes, systemd) and `make up` read exit 0 as "stopped cleanly". The API first drains its
 * connections (`beforeClose`, see `drainHttpServer`); `app.close()` then lets what is still in flight finish,
 * waits for running jobs (worker), and closes Postgres and Redis. A second signal (more than a second after the
 * first: Ctrl-C in a terminal signals the whole process group, and `make up` relays it too), or a stop that
 * outlasts `timeoutMs`, exits 1 at once.
 */
export function exitOnSignals(app: INestApplicationContext, logger: LoggerService, options: ExitOnSignalsOptions | number = {}): void {
  const {
    timeoutMs = SHUTDOWN_TIMEOUT_MS,
    beforeClose,
    signals = ['SIGTERM', 'SIGINT'],
  } = typeof options === 'number' ? { timeoutMs: options } : options;
  let closingSince = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closingSince) {
      if (Date.now() - closingSince < SAME_STOP_MS) return;
      logger.warn?.(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closingSince = Date.now();
    logger.log(`${signal}: stopping gracefully`);
    const timer = setTimeout(() => {
      logger.error(`graceful stop took longer than ${timeoutMs} ms: exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    (async () => {
      if (beforeClose) await beforeClose();
      await app.close();
    })().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`graceful stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  for (const s of signals) process.on(s, onSignal);
}

const inFlight = new WeakMap<Server, Set<ServerResponse>>();

/**
 * Keeps the set of `server`'s unanswered responses (one Set add and one listener per request), so that a drain can
 * ask the requests already in flight to close their connections too. Call once, right after listen.
 */
export function trackResponses(server: Server): void {
  const open = new Set<ServerResponse>();
  inFlight.set(server, open);
  server.prependListener('request', (_req, res: ServerResponse) => {
    open.add(res);
    res.once('close', () => open.delete(res));
  });
}

/**
 * The first part of an API process's stop, so that stopping one of several processes fails no request:
 * 1. it stops accepting connections (in a cluster, the primary hands new ones to the other processes), but keeps
 *    its open ones: `http.Server.close()` would close the idle keep-alive connections at once, racing a client
 *    that is sending its next request on one of them (which then fails with "socket hang up");
 * 2. every answer from now on says `Connection: close` — those of requests in flight too (`trackResponses`) — so
 *    each keep-alive client finishes its request here and opens its next connection to another process; for up to
 *    `drainMs`, or until no connection is left;
 * 3. it closes the connections still idle after that (clients idle for `drainMs` are not mid-request) and waits,
 *    up to `inFlightMs`, for the requests in flight to be answered (closing any connection that goes idle).
 * `app.close()` then finds nothing left to cut.
 */
export async function drainHttpServer(server: Server, drainMs: number, inFlightMs: number): Promise<void> {
  for (const res of inFlight.get(server) ?? []) if (!res.headersSent) res.setHeader('Connection', 'close');
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  });
  let drained = false;
  const allClosed = new Promise<void>((resolve) =>
    NetServer.prototype.close.call(server, () => {
      drained = true;
      resolve();
    }),
  );
  const within = (ms: number) => Promise.race([allClosed, new Promise<void>((r) => setTimeout(r, ms).unref())]);
  await within(drainMs);
  if (drained) return;
  server.closeIdleConnections();
  // a response already streaming when the drain began went out with keep-alive: its connection goes once idle
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  try {
    await within(inFlightMs);
  } finally {
    clearInterval(sweep);
  }
}
