import { monthOf } from '../src/modules/ingestion/storage/postgres/partitions';
import { PostgresTraceStore } from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { TRACE_STORE } from '../src/modules/ingestion/storage/trace-store';
import { traceStoreContract } from './trace-store.contract';

/** The TraceStore contract on the Postgres adapter (the default). */
traceStoreContract({
  name: 'postgres',
  env: async () => ({ TRACE_STORE: 'postgres' }),
  counts: async (t, workspaceId) => {
    const [row] = await t.sql<{ traces: string; spans: string }>(
      `SELECT (SELECT count(*) FROM traces WHERE workspace_id = $1) AS traces, (SELECT count(*) FROM spans WHERE workspace_id = $1) AS spans`,
      [workspaceId],
    );
    return { traces: Number(row.traces), spans: Number(row.spans) };
  },
  storedInput: async (t, workspaceId, spanId) =>
    (
      await t.sql<{ input: string | null }>('SELECT input::text AS input FROM spans WHERE workspace_id = $1 AND span_id = $2', [
        workspaceId,
        spanId,
      ])
    )[0]?.input ?? null,
  close: async () => undefined,
  periodName: (ms) => monthOf(ms).name,
  rehearsals: 0,
  // the waiting write is in the store's TraceGate, and no backend of this file's database waits on a lock (without
  // the gate it would wait in its upsert on the in-flight write's trace row, holding the locks it took before it)
  waitsOutsideTheDatabase: async (t) => {
    if ((t.app.get(TRACE_STORE) as PostgresTraceStore).gateWaits === 0) return false;
    const [row] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.n === 0;
  },
  // out of the gate (after its 2 s timeout) and waiting in Postgres on the stuck write's trace row
  gaveUpWaiting: async (t) => {
    if ((t.app.get(TRACE_STORE) as PostgresTraceStore).gateWaits !== 0) return false;
    const [row] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.n === 1;
  },
  pending: new Set(),
});
