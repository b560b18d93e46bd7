import { trace } from './ingestion.helpers';
import { clickhouseDatabase, ClickHouseDatabase } from './support/clickhouse';
import { createTestContext } from './support/context';
import { createApiKey, signup } from './support/factories';
import { ApiProc, freePort, startApi } from './support/processes';
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
  periodName: (ms) => new Date(ms).toISOString().slice(0, 7).replace('-', ''),
  rehearsals: 1,
  pending: new Set(),
});

describe('ClickHouse trace store: durability', () => {
  it('a 200 means stored: the API process killed (SIGKILL) right after answering loses none of the batch', async () => {
    const ch = await clickhouseDatabase();
    const t = await createTestContext({ env: { TRACE_STORE: 'clickhouse', CLICKHOUSE_URL: ch.url } });
    let api: ApiProc | undefined;
    try {
      const owner = await signup(t);
      const { key } = await createApiKey(t, owner.token, 'member');
      api = await startApi({
        DATABASE_URL: t.databaseUrl,
        REDIS_URL: process.env.REDIS_URL as string,
        TRACE_STORE: 'clickhouse',
        CLICKHOUSE_URL: ch.url,
      });
      const spans = Array.from({ length: 50 }, () => trace(9)).flat();
      const res = await fetch(`${api.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ spans }),
      });
      expect(res.status).toBe(200);
      api.child.kill('SIGKILL');
      await api.exited;
      const count = async (table: string) =>
        (
          await (
            await ch.client.query({
              query: `SELECT count() AS n, uniqExact(trace_id) AS traces FROM ${table} FINAL WHERE workspace_id = {w:UUID}`,
              query_params: { w: owner.workspaceId },
              format: 'JSONEachRow',
            })
          ).json<{ n: string; traces: string }>()
        )[0];
      expect(await count('spans')).toEqual({ n: '500', traces: '50' });
      expect(await count('traces')).toEqual({ n: '50', traces: '50' });
      expect((await t.http.get(`/api/v1/traces/${spans[0].traceId}`, { token: key })).body.spanCount).toBe(10);
    } finally {
      await api?.stop();
      await t.close();
      await ch.drop();
    }
  });
});

describe('ClickHouse trace store: readiness', () => {
  it('GET /health/ready includes ClickHouse: 200 while it answers, 503 naming it when it does not', async () => {
    const ch = await clickhouseDatabase();
    const up = await createTestContext({ env: { TRACE_STORE: 'clickhouse', CLICKHOUSE_URL: ch.url } });
    try {
      const ok = await up.http.get('/health/ready');
      expect(ok.status).toBe(200);
      expect(ok.body.details).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' }, clickhouse: { status: 'up' } });
    } finally {
      await up.close();
      await ch.drop();
    }
    // a ClickHouse that does not answer (nothing listens on this port)
    const url = new URL(ch.url);
    url.port = String(await freePort());
    const down = await createTestContext({ env: { TRACE_STORE: 'clickhouse', CLICKHOUSE_URL: url.toString() } });
    try {
      const res = await down.http.get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'upstream_unavailable', detail: 'Not ready: clickhouse unreachable' });
    } finally {
      await down.close();
    }
  }, 60_000);
});
