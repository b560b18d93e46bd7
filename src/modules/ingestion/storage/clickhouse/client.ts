import { ClickHouseClient, ClickHouseLogLevel, ClickHouseSettings, createClient } from '@clickhouse/client';

/**
 * Settings every query of the trace store runs with, pinned here rather than left to the server's defaults,
 * which differ between ClickHouse versions (26.x defaults `async_insert=1` and
 * `date_time_input_format=best_effort`; older servers do not):
 *  - times are written as 'YYYY-MM-DD hh:mm:ss.ffffff' into DateTime64(6, 'UTC') columns: `basic` parsing;
 *  - 64-bit integers come back as JSON strings (exact), read with Number() where they fit;
 *  - reads with FINAL never merge across partitions (a trace lives in one partition, see the migrations);
 *  - lightweight deletes (retention, undoing a refused batch) return once applied;
 *  - inserts are synchronous unless a call asks for async (span writes do, see INSERT_SETTINGS).
 */
export const PINNED_SETTINGS: ClickHouseSettings = {
  date_time_input_format: 'basic',
  output_format_json_quote_64bit_integers: 1,
  do_not_merge_across_partitions_select_final: 1,
  lightweight_deletes_sync: '2',
  mutations_sync: '2',
  async_insert: 0,
  insert_deduplicate: 0,
};

/**
 * Batch writes: ClickHouse wants few large inserts, and one API process sends one insert per ingest batch. With
 * `async_insert` the server buffers concurrent inserts into one part (many API processes, many small batches), and
 * `wait_for_async_insert=1` answers only once the rows are written to a part, so an ingest answered 200 is stored.
 * `async_insert_deduplicate=0`: a span sent twice must be written twice (the higher version wins).
 */
export const INSERT_SETTINGS: ClickHouseSettings = {
  async_insert: 1,
  wait_for_async_insert: 1,
  async_insert_deduplicate: 0,
  async_insert_busy_timeout_max_ms: 50,
};

/** The database a CLICKHOUSE_URL names (its path), `default` without one. */
export function databaseOf(url: string): string {
  const path = new URL(url).pathname.replace(/^\/+|\/+$/g, '');
  return path ? decodeURIComponent(path) : 'default';
}

/** A valid ClickHouse identifier for a database (the runner creates it, quoted). */
export const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A client on CLICKHOUSE_URL (credentials and database from the URL); `database: null` connects to `default`. */
export function openClickHouse(url: string, options: { database?: string | null; maxConnections?: number } = {}): ClickHouseClient {
  const u = new URL(url);
  const database = options.database === undefined ? databaseOf(url) : (options.database ?? 'default');
  u.pathname = '/';
  return createClient({
    url: u.toString().replace(/\/$/, ''),
    database,
    clickhouse_settings: PINNED_SETTINGS,
    request_timeout: 30_000,
    max_open_connections: options.maxConnections ?? 10,
    keep_alive: { enabled: true },
    // failures are logged (without query text or data) and counted by the store
    log: { level: ClickHouseLogLevel.OFF },
  });
}
