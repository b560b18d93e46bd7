import { randomBytes } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { openClickHouse } from '../../src/modules/ingestion/storage/clickhouse/client';
import { applyClickHouseMigrations } from '../../src/modules/ingestion/storage/clickhouse/migrations';

export interface ClickHouseDatabase {
  /** CLICKHOUSE_URL naming this database */
  url: string;
  client: ClickHouseClient;
  drop(): Promise<void>;
}

/** A fresh ClickHouse database with the real migrations, on the server of CLICKHOUSE_URL (with-services --clickhouse). */
export async function clickhouseDatabase(): Promise<ClickHouseDatabase> {
  const base = process.env.CLICKHOUSE_URL;
  if (!base) throw new Error('CLICKHOUSE_URL is not set: run the e2e tests through `make test` (scripts/with-services.mjs --clickhouse)');
  const name = `${process.env.TEST_DB_PREFIX ?? 't_'}${randomBytes(6).toString('hex')}`;
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  await applyClickHouseMigrations(url);
  const client = openClickHouse(url, { maxConnections: 4 });
  return {
    url,
    client,
    async drop() {
      await client.command({ query: `DROP DATABASE IF EXISTS ${name} SYNC` }).catch(() => undefined);
      await client.close();
    },
  };
}
