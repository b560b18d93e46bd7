#!/usr/bin/env node
// Run a command with Postgres + Redis (+ stripe-mock with --stripe, + the local
// ClickHouse with --clickhouse) started for it:
//
//   node scripts/with-services.mjs [--stripe] [--clickhouse] [--dir D] -- <command> [args...]
//
// Services whose env var (DATABASE_URL / REDIS_URL / STRIPE_API_BASE / CLICKHOUSE_URL)
// is already set are not started. Data goes to a fresh temp dir (removed afterwards) unless
// --dir is given. The command's exit code is forwarded; services are stopped
// whatever happens, also on SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServices } from './services.mjs';

const USAGE = 'usage: node scripts/with-services.mjs [--stripe] [--clickhouse] [--dir D] -- <command> [args...]';
const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0 || sep === argv.length - 1) {
  console.error(USAGE);
  process.exit(2);
}
let values;
try {
  ({ values } = parseArgs({
    args: argv.slice(0, sep),
    options: { stripe: { type: 'boolean' }, clickhouse: { type: 'boolean' }, dir: { type: 'string' } },
  }));
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
const [cmd, ...cmdArgs] = argv.slice(sep + 1);
const want = {
  postgres: !process.env.DATABASE_URL,
  redis: !process.env.REDIS_URL,
  stripe: !!values.stripe && !process.env.STRIPE_API_BASE,
  clickhouse: !!values.clickhouse && !process.env.CLICKHOUSE_URL,
};
const signalCode = (signal) => 128 + os.constants.signals[signal];

let tmpDir;
let services;
let child;
let signalled;

async function cleanup() {
  await services?.stop().catch((err) => console.error(`[with-services] stopping services: ${err.message}`));
  services = undefined;
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true, maxRetries: 3 });
  tmpDir = undefined;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (signalled) return;
    signalled = signal;
    if (child && child.exitCode === null && child.signalCode === null) {
      // Let the command shut down (its exit continues below); force it after 10 s.
      child.kill(signal);
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    } else {
      // Still starting services: the 'exit' hook in services.mjs signals what was spawned.
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
      process.exit(signalCode(signal));
    }
  });
}

if (want.postgres || want.redis || want.stripe || want.clickhouse) {
  const dir = values.dir ? path.resolve(values.dir) : (tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentobs-services-')));
  try {
    services = await startServices({ dir, ...want, fast: !!tmpDir, handleSignals: false });
  } catch (err) {
    console.error(`[with-services] ${err.message}`);
    await cleanup();
    process.exit(1);
  }
}

child = spawn(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...services?.env } });
const code = await new Promise((resolve) => {
  child.on('error', (err) => {
    console.error(`[with-services] ${cmd}: ${err.message}`);
    resolve(127);
  });
  child.on('exit', (status, signal) => resolve(status ?? signalCode(signal)));
});
await cleanup();
process.exit(signalled ? signalCode(signalled) : code);
