import { monthOf } from '../src/modules/ingestion/storage/postgres/partitions';
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
  pending: new Set(),
});
