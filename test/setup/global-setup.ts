import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource } from '../../src/database/data-source';

/**
 * Once per run: migrate a template database with the real migrations. Each test file then clones it
 * (CREATE DATABASE … TEMPLATE), so files are isolated and nobody re-runs migrations.
 */
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the e2e tests through `make test` (scripts/with-services.mjs)');
  if (!process.env.REDIS_URL) throw new Error('REDIS_URL is not set: run the e2e tests through `make test`');
  const template = `tpl_${process.pid}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = withDatabase(url, template);
  const ds = createDataSource(templateUrl, 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  process.env.TEST_TEMPLATE_DB = template;
  // databases of this run are named t<pid>_…, so a run's teardown never touches another run's
  process.env.TEST_DB_PREFIX = `t${process.pid}_`;
}

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
