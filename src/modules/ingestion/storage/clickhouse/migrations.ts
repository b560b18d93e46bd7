import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { DATABASE_NAME, databaseOf, openClickHouse } from './client';

/**
 * Versioned ClickHouse schema migrations: `migrations/clickhouse/NNNN_name.sql`, applied in order once each and
 * recorded (with a checksum) in the database's `schema_migrations` table, like TypeORM's `migrations` table for
 * Postgres. An applied file must not change (the runner refuses to go on if one did): add the next one.
 */
export interface ClickHouseMigration {
  version: number;
  name: string;
  checksum: string;
  statements: string[];
}

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;
export const MIGRATIONS_TABLE = 'schema_migrations';
/** The committed schema the drift check compares with (not a migration). */
export const SNAPSHOT_FILE = 'schema.sql';

/** migrations/clickhouse, found from this file upwards (src via swc in tests, dist/ when built, /app in Docker). */
export function clickhouseMigrationsDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'migrations', 'clickhouse');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`migrations/clickhouse not found above ${from}`);
  }
}

/** A file's statements: `--` comments dropped, split at a ";" that ends a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trimEnd())
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadMigrations(dir = clickhouseMigrationsDir()): ClickHouseMigration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql') && f !== SNAPSHOT_FILE)
    .map((f) => {
      const m = FILE.exec(f);
      if (!m) throw new Error(`migrations/clickhouse/${f}: name it NNNN_lower_case_name.sql`);
      const text = readFileSync(join(dir, f), 'utf8');
      return {
        version: Number(m[1]),
        name: m[2],
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: splitStatements(text),
      };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations/clickhouse: expected version ${i + 1}, found ${m.version}_${m.name}`);
  });
  return migrations;
}

async function ensureDatabase(url: string): Promise<void> {
  const database = databaseOf(url);
  if (!DATABASE_NAME.test(database)) throw new Error(`CLICKHOUSE_URL names the database "${database}", which is not a plain identifier`);
  const admin = openClickHouse(url, { database: null, maxConnections: 1 });
  try {
    await admin.command({ query: `CREATE DATABASE IF NOT EXISTS \`${database}\`` });
  } finally {
    await admin.close();
  }
}

async function appliedMigrations(client: ClickHouseClient): Promise<Map<number, { name: string; checksum: string }>> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version UInt32, name String, checksum String,
      applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = ReplacingMergeTree ORDER BY version`,
  });
  const rows = await (
    await client.query({ query: `SELECT version, name, checksum FROM ${MIGRATIONS_TABLE} FINAL ORDER BY version`, format: 'JSONEachRow' })
  ).json<{ version: number; name: string; checksum: string }>();
  return new Map(rows.map((r) => [Number(r.version), { name: r.name, checksum: r.checksum }]));
}

/**
 * Creates the database if needed and applies the pending migrations (each statement is idempotent — IF NOT
 * EXISTS — so a run interrupted between two statements is finished by the next). Returns the applied names.
 */
export async function applyClickHouseMigrations(url: string, migrations = loadMigrations()): Promise<string[]> {
  await ensureDatabase(url);
  const client = openClickHouse(url, { maxConnections: 1 });
  try {
    const applied = await appliedMigrations(client);
    const ran: string[] = [];
    for (const m of migrations) {
      const done = applied.get(m.version);
      if (done) {
        if (done.checksum !== m.checksum) {
          throw new Error(
            `migrations/clickhouse/${String(m.version).padStart(4, '0')}_${m.name}.sql changed after it was applied; add a new migration instead`,
          );
        }
        continue;
      }
      for (const statement of m.statements) await client.command({ query: statement });
      await client.insert({
        table: MIGRATIONS_TABLE,
        values: [{ version: m.version, name: m.name, checksum: m.checksum }],
        format: 'JSONEachRow',
      });
      ran.push(`${String(m.version).padStart(4, '0')}_${m.name}`);
    }
    return ran;
  } finally {
    await client.close();
  }
}

/** The versions applied to the database and the versions on disk that are not (for the readiness of the store). */
export async function pendingClickHouseMigrations(client: ClickHouseClient, migrations = loadMigrations()): Promise<string[]> {
  const applied = await appliedMigrations(client);
  return migrations.filter((m) => !applied.has(m.version)).map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
}

/**
 * The schema as ClickHouse reports it (SHOW CREATE of every table and view but the migrations table, the database
 * name replaced by `{database}`), for the drift check against migrations/clickhouse/schema.sql.
 */
export async function schemaSnapshot(url: string): Promise<string> {
  const database = databaseOf(url);
  const client = openClickHouse(url, { maxConnections: 1 });
  try {
    const tables = await (
      await client.query({
        query: `SELECT name FROM system.tables WHERE database = {db:String} AND name != {skip:String} AND NOT is_temporary ORDER BY name`,
        query_params: { db: database, skip: MIGRATIONS_TABLE },
        format: 'JSONEachRow',
      })
    ).json<{ name: string }>();
    const parts: string[] = [];
    for (const { name } of tables) {
      const res = await client.query({ query: `SHOW CREATE TABLE \`${name}\``, format: 'TabSeparatedRaw' });
      const text = (await res.text()).trim();
      parts.push(`${text.split(`${database}.`).join('{database}.')};`);
    }
    return `${parts.join('\n\n')}\n`;
  } finally {
    await client.close();
  }
}
