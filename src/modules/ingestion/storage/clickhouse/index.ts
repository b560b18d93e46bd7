import { Counter } from 'prom-client';
import type { Metrics } from '../../../../common/metrics/metrics';
import type { Db } from '../../../../database/db';
import { ClickHouseTraceStore } from './clickhouse-trace-store';
import { openClickHouse } from './client';
import { PostgresTraceRegistry } from './postgres-trace-registry';
import { gateWaitCounters } from '../trace-gate';

export { ClickHouseTraceStore } from './clickhouse-trace-store';

/** The ClickHouse trace store on CLICKHOUSE_URL with its registry in Postgres; failures counted on `metrics`. */
export function createClickHouseTraceStore(url: string, db: Db, metrics?: Metrics): ClickHouseTraceStore {
  const failures = metrics
    ? new Counter({
        name: 'trace_store_failures_total',
        help: 'Failed ClickHouse calls of the trace store, by operation (write, read, retention, undo)',
        labelNames: ['operation'],
        registers: [metrics.registry],
      })
    : undefined;
  return new ClickHouseTraceStore(
    openClickHouse(url),
    new PostgresTraceRegistry(db),
    failures,
    metrics && gateWaitCounters(metrics.registry),
  );
}
