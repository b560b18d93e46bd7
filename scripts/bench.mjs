#!/usr/bin/env node
// `npm run bench`: builds, starts Postgres + Redis (unless DATABASE_URL / REDIS_URL are set, like
// scripts/with-services.mjs), migrates a fresh database, then runs every benchmark in bench/ (compiled
// to dist/bench/*.js, each exporting `main()`) one after the other and prints their lines. Each
// line ends with `ratio=<x>`.
//
//   node scripts/bench.mjs [name ...]        e.g. `npm run bench -- read`
// A bench is any dist/bench/<name>.js exporting `main()`; it reads DATABASE_URL (the migrated bench
// database) and REDIS_URL from the environment and prints its own line(s).
// Env: BENCH_INGEST_BATCHES (measured batches of 500 spans: default 600 per ingest load, 200 for otlp, 80 for ingest-write), BENCH_READ_SECONDS (default 10),
// BENCH_INGEST_WARMUP (unmeasured batches per ingest load first, default 1000: a warm API), BENCH_INGEST_SPANS (batch size, 500),
// BENCH_PROFILE=1 (CPU profile of the API during `read`, in var/bench-profile).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { REPO_ROOT, startServices } from './services.mjs';

const ORDER = ['ingest', 'ingest-write', 'read'];
const only = process.argv.slice(2);

execFileSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
});

const dir = path.join(REPO_ROOT, 'dist/bench');
const found = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3));
const names = [...ORDER.filter((n) => found.includes(n)), ...found.filter((n) => !ORDER.includes(n)).sort()].filter(
  (n) => !only.length || only.includes(n),
);

// `trace-store` compares both backends: the local ClickHouse is started for it unless CLICKHOUSE_URL is set
const want = {
  postgres: !process.env.DATABASE_URL,
  redis: !process.env.REDIS_URL,
  clickhouse: names.includes('trace-store') && !process.env.CLICKHOUSE_URL,
};
let tmpDir;
let services;
const cleanup = async () => {
  await services?.stop().catch((err) => console.error(`[bench] stopping services: ${err.message}`));
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
};
if (want.postgres || want.redis || want.clickhouse) {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentobs-bench-'));
  services = await startServices({ dir: tmpDir, ...want, fast: true, handleSignals: true });
}
const env = { ...process.env, ...services?.env };

// A database of its own, migrated with the real migrations.
const dbName = `bench_${process.pid}`;
const admin = new pg.Client({ connectionString: env.DATABASE_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(env.DATABASE_URL);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();
execFileSync(process.execPath, [path.join(REPO_ROOT, 'dist/scripts/migrations.js'), 'run'], {
  env: { ...env, DATABASE_URL: databaseUrl },
  stdio: 'ignore',
});
process.env.DATABASE_URL = databaseUrl;
process.env.REDIS_URL = env.REDIS_URL;
if (env.CLICKHOUSE_URL) process.env.CLICKHOUSE_URL = env.CLICKHOUSE_URL;

let failed = 0;
const cpu = os.cpus();
console.log(
  `# ${new Date().toISOString()} node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
for (const name of names) {
  const mod = await import(pathToFileURL(path.join(dir, `${name}.js`)).href);
  const main = mod.main ?? mod.default?.main;
  if (typeof main !== 'function') continue;
  try {
    await main();
  } catch (err) {
    failed++;
    console.error(`[bench] ${name} failed: ${err?.stack ?? err}`);
  }
}
await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
await admin.end();
await cleanup();
process.exit(failed ? 1 : 0);
