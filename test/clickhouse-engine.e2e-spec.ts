/**
 * The local ClickHouse (scripts/clickhouse/server.py: the ClickHouse engine from PyPI chdb-core behind ClickHouse's
 * HTTP interface) speaks what @clickhouse/client and the trace store rely on, and the engine does for real what
 * the schema relies on: ReplacingMergeTree with a version, FINAL, background merges, materialized views into an
 * AggregatingMergeTree, TTL. Against CLICKHOUSE_URL (make test starts the local one).
 */
import { gzipSync } from 'node:zlib';
import { ClickHouseError, createClient } from '@clickhouse/client';
import { clickhouseDatabase, ClickHouseDatabase } from './support/clickhouse';
import { waitUntil } from './support/smtp';

let db: ClickHouseDatabase;
beforeAll(async () => {
  db = await clickhouseDatabase();
});
afterAll(async () => {
  await db?.drop();
});

const rows = async <T>(query: string, query_params?: Record<string, unknown>) =>
  (await (await db.client.query({ query, query_params, format: 'JSONEachRow' })).json()) as T[];
const server = () => {
  const u = new URL(db.url);
  return { base: `${u.protocol}//${u.host}`, database: u.pathname.slice(1) };
};

describe('the local ClickHouse HTTP interface', () => {
  it('answers ping, typed query parameters, settings from the URL and the JSON formats', async () => {
    expect(await db.client.ping()).toEqual({ success: true });
    const [got] = await rows<Record<string, unknown>>(
      `SELECT {s:String} AS s, {a:Array(String)} AS a, toString({d:DateTime64(6, 'UTC')}) AS d, {n:UInt64} + 1 AS n,
        getSetting('date_time_input_format') AS pinned`,
      { s: "it's\ta \\ test", a: ['x', "y'z"], d: '2026-01-31 12:00:00.123456', n: 41 },
    );
    expect(got).toEqual({ s: "it's\ta \\ test", a: ['x', "y'z"], d: '2026-01-31 12:00:00.123456', n: '42', pinned: 'basic' });
    const json = await (await db.client.query({ query: 'SELECT 1 AS one', format: 'JSON' })).json<{ one: number }>();
    expect(json.data).toEqual([{ one: 1 }]);
    expect(json.meta).toEqual([{ name: 'one', type: 'UInt8' }]);
  });

  it('inserts JSONEachRow bodies (plain and gzip) and reports X-ClickHouse-Summary; gzip answers when asked', async () => {
    await db.client.command({ query: 'CREATE TABLE t_insert (k UInt32, s String) ENGINE = MergeTree ORDER BY k' });
    const res = await db.client.insert({
      table: 't_insert',
      values: [
        { k: 1, s: 'a' },
        { k: 2, s: 'b' },
      ],
      format: 'JSONEachRow',
    });
    expect(res.summary?.written_rows).toBe('2');
    const gz = createClient({ url: server().base, database: server().database, compression: { request: true, response: true } });
    try {
      await gz.insert({ table: 't_insert', values: [{ k: 3, s: 'c' }], format: 'JSONEachRow' });
      const [{ n }] = await (await gz.query({ query: 'SELECT count() AS n FROM t_insert', format: 'JSONEachRow' })).json<{ n: string }>();
      expect(Number(n)).toBe(3);
    } finally {
      await gz.close();
    }
    const raw = await fetch(`${server().base}/?database=${server().database}&enable_http_compression=1`, {
      method: 'POST',
      headers: { 'accept-encoding': 'gzip', 'content-encoding': 'gzip' },
      body: gzipSync('SELECT k FROM t_insert ORDER BY k FORMAT CSV'),
    });
    expect(raw.headers.get('content-encoding')).toBe('gzip'); // fetch decompresses the body
    expect(await raw.text()).toBe('1\n2\n3\n');
  });

  it('answers errors as ClickHouse does: the text, X-ClickHouse-Exception-Code and the HTTP status of the code', async () => {
    const cases: [string, string, number, string][] = [
      ['SELECT * FROM no_such_table', '', 404, '60'],
      ['SELEC 1', '', 400, '62'],
      ['SELECT 1', '&no_such_setting=1', 404, '115'],
      ["SELECT throwIf(1, 'boom')", '', 500, '395'],
    ];
    for (const [query, extra, status, code] of cases) {
      const res = await fetch(`${server().base}/?database=${server().database}${extra}`, { method: 'POST', body: query });
      expect([query, res.status, res.headers.get('x-clickhouse-exception-code')]).toEqual([query, status, code]);
      expect(await res.text()).toMatch(new RegExp(`^Code: ${code}\\. DB::Exception: .*\\([A-Z_]+\\) \\(version 26\\.`, 's'));
    }
    const err = await db.client.query({ query: 'SELECT * FROM no_such_table' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClickHouseError);
    expect(err).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
  });

  it('keeps a session (session_id): settings and temporary tables, one request at a time', async () => {
    const session_id = `s${Date.now()}`;
    await db.client.command({ query: 'CREATE TEMPORARY TABLE tmp (n UInt8)', session_id });
    await db.client.command({ query: 'INSERT INTO tmp VALUES (7)', session_id });
    expect(await (await db.client.query({ query: 'SELECT n FROM tmp', session_id, format: 'JSONEachRow' })).json()).toEqual([{ n: 7 }]);
    await expect(db.client.query({ query: 'SELECT n FROM tmp' })).rejects.toMatchObject({ type: 'UNKNOWN_TABLE' });
  });
});

describe('the engine behind it', () => {
  it('ReplacingMergeTree keeps the highest version per key: FINAL at once, background merges soon after', async () => {
    await db.client.command({ query: 'CREATE TABLE t_replacing (k UInt32, v UInt64, s String) ENGINE = ReplacingMergeTree(v) ORDER BY k' });
    for (const v of [3, 1, 2, 0, 1, 2]) {
      await db.client.insert({ table: 't_replacing', values: [{ k: 1, v, s: `v${v}` }], format: 'JSONEachRow' });
    }
    expect(await rows('SELECT s FROM t_replacing FINAL')).toEqual([{ s: 'v3' }]);
    const active = async () =>
      Number(
        (
          await rows<{ n: string }>(
            `SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND table = 't_replacing' AND active`,
          )
        )[0].n,
      );
    await waitUntil('background merges of t_replacing', async () => (await active()) === 1, 50_000, 200);
    expect(await rows('SELECT s FROM t_replacing')).toEqual([{ s: 'v3' }]);
  }, 60_000);

  it('a materialized view feeds an AggregatingMergeTree on every insert', async () => {
    await db.client.command({ query: 'CREATE TABLE t_src (k String, n UInt32) ENGINE = MergeTree ORDER BY k' });
    await db.client.command({
      query: `CREATE TABLE t_agg (k String, total SimpleAggregateFunction(sum, UInt64), uniq AggregateFunction(uniqExact, UInt32))
        ENGINE = AggregatingMergeTree ORDER BY k`,
    });
    await db.client.command({
      query: 'CREATE MATERIALIZED VIEW t_mv TO t_agg AS SELECT k, sum(n) AS total, uniqExactState(n) AS uniq FROM t_src GROUP BY k',
    });
    await db.client.insert({
      table: 't_src',
      values: [
        { k: 'a', n: 1 },
        { k: 'a', n: 2 },
        { k: 'b', n: 5 },
      ],
      format: 'JSONEachRow',
    });
    await db.client.insert({ table: 't_src', values: [{ k: 'a', n: 2 }], format: 'JSONEachRow' });
    expect(await rows('SELECT k, sum(total) AS total, uniqExactMerge(uniq) AS uniq FROM t_agg GROUP BY k ORDER BY k')).toEqual([
      { k: 'a', total: '5', uniq: '2' },
      { k: 'b', total: '5', uniq: '1' },
    ]);
  });

  it('TTL removes expired rows when parts are merged', async () => {
    await db.client.command({
      query: `CREATE TABLE t_ttl (k UInt32, at DateTime64(6, 'UTC')) ENGINE = MergeTree ORDER BY k TTL toDateTime(at) + toIntervalDay(1)`,
    });
    await db.client.command({ query: `INSERT INTO t_ttl VALUES (1, now64(6)), (2, now64(6) - toIntervalDay(3))` });
    await db.client.command({ query: 'OPTIMIZE TABLE t_ttl FINAL' });
    expect(await rows('SELECT k FROM t_ttl ORDER BY k')).toEqual([{ k: 1 }]);
  });

  it('lightweight DELETE hides rows at once (what undoing a refused batch and retention use)', async () => {
    await db.client.command({ query: 'CREATE TABLE t_del (k UInt32, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY k' });
    await db.client.insert({
      table: 't_del',
      values: [
        { k: 1, v: 1 },
        { k: 2, v: 1 },
      ],
      format: 'JSONEachRow',
    });
    await db.client.insert({ table: 't_del', values: [{ k: 1, v: 2 }], format: 'JSONEachRow' });
    await db.client.command({ query: 'DELETE FROM t_del WHERE k = 1 AND v = 2' });
    expect(await rows('SELECT k, v FROM t_del FINAL ORDER BY k')).toEqual([
      { k: 1, v: '1' },
      { k: 2, v: '1' },
    ]);
  });
});
