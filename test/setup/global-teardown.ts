import { Client } from 'pg';

export default async function globalTeardown() {
  const url = process.env.DATABASE_URL;
  const template = process.env.TEST_TEMPLATE_DB;
  if (!url || !template) return;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const prefix = process.env.TEST_DB_PREFIX as string;
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE starts_with(datname, $2) OR datname = $1`,
    [template, prefix],
  );
  for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
