#!/usr/bin/env node
/**
 * A private Postgres for the fault tests (test/faults.e2e-spec.ts), which stop and start it again on the
 * same port and data directory:
 *   node test/robustness/pg-server.mjs <dir> [port]
 * Prints one JSON line {"url","port"} on stdout once it accepts connections; SIGTERM stops Postgres
 * (fast shutdown) and exits 0. jest's CommonJS runtime cannot load scripts/services.mjs, hence this process.
 */
import fs from 'node:fs';
import { startPostgres } from '../../scripts/services.mjs';

const [dir, port] = process.argv.slice(2);
if (!dir) {
  console.error('usage: pg-server.mjs <dir> [port]');
  process.exit(2);
}
fs.mkdirSync(dir, { recursive: true });
const pg = await startPostgres({ dir, port: port ? Number(port) : undefined, fast: true, log: (m) => console.error(m) });
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await pg.stop();
    process.exit(0);
  });
}
process.stdout.write(`${JSON.stringify({ url: pg.url, port: pg.port })}\n`);
setInterval(() => {}, 1 << 30);
