#!/usr/bin/env node
/**
 * node scripts/with-stack.mjs -- <command> [args…]
 * Starts the built API + worker (scripts/stack.mjs) on a free port against the services in the
 * environment (or its own), seeds the demo workspace, runs the command with AGENTOBS_BASE_URL and
 * AGENTOBS_API_KEY (an owner key) set, then stops everything and forwards the exit code.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from './stack.mjs';

const sep = process.argv.indexOf('--');
const cmd = sep >= 0 ? process.argv.slice(sep + 1) : [];
if (!cmd.length) {
  console.error('usage: with-stack.mjs -- <command> [args...]');
  process.exit(2);
}
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'agentobs-stack-'));
const stack = await startStack({
  dir,
  port,
  quiet: true,
  env: {
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000',
    INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    ...JSON.parse(process.env.STACK_ENV ?? '{}'),
  },
});
console.log(`[with-stack] API on ${stack.url}`);
const child = spawn(cmd[0], cmd.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, ...stack.env, AGENTOBS_BASE_URL: stack.url, AGENTOBS_API_KEY: stack.seed.apiKey },
});
const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
await stack.stop();
rmSync(dir, { recursive: true, force: true });
process.exit(code);
