import { clickhouseDatabase, ClickHouseDatabase } from './support/clickhouse';
import { traceStoreContract } from './trace-store.contract';

/**
 * The TraceStore contract on the ClickHouse adapter (TRACE_STORE=clickhouse), against the ClickHouse of
 * CLICKHOUSE_URL (make test starts the local one: scripts/clickhouse/server.py) with a database of its own.
 */
let db: ClickHouseDatabase | undefined;

traceStoreContract({
  name: 'clickhouse',
  env: async () => {
    db = await clickhouseDatabase();
    return { TRACE_STORE: 'clickhouse', CLICKHOUSE_URL: db.url };
  },
  counts: async (_t, workspaceId) => {
    const count = async (table: string) =>
      Number(
        (
          await (
            await db!.client.query({
              query: `SELECT count() AS n FROM ${table} FINAL WHERE workspace_id = {w:UUID}`,
              query_params: { w: workspaceId },
              format: 'JSONEachRow',
            })
          ).json<{ n: string }>()
        )[0].n,
      );
    return { traces: await count('traces'), spans: await count('spans') };
  },
  storedInput: async (_t, workspaceId, spanId) =>
    (
      await (
        await db!.client.query({
          query: 'SELECT input FROM spans FINAL WHERE workspace_id = {w:UUID} AND span_id = {s:String}',
          query_params: { w: workspaceId, s: spanId },
          format: 'JSONEachRow',
        })
      ).json<{ input: string | null }>()
    )[0]?.input ?? null,
  close: async () => db?.drop(),
  pending: new Set(),
});
