import { Logger } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';

const GUARDED = Symbol('agentobs:pg-error-guard');
const logger = new Logger('Postgres');

/**
 * pg-pool listens for errors only on idle clients. A checked-out client (a transaction between two of its
 * queries, e.g. the ingestion write) that the server terminates — Postgres restarting, a failover, an
 * admin's pg_terminate_backend — emits 'error' with no listener, which kills the process. Each client gets
 * one listener: the error is logged, the client stops being queryable (its pending query fails with the
 * error, answered 503), and pg-pool drops it when it is released.
 */
export function guardPoolClients(pool: Pool): Pool {
  const guard = (client: PoolClient & { [GUARDED]?: boolean }) => {
    if (client[GUARDED]) return;
    client[GUARDED] = true;
    client.on('error', (err: Error & { code?: string }) =>
      logger.warn({ code: err.code, err: err.message }, 'a database connection failed'),
    );
  };
  pool.on('connect', guard);
  pool.on('acquire', guard);
  return pool;
}
