/**
 * Real processes for the fault tests: the built API and worker (`node dist/src/main.js` / `worker.js`), a
 * redis-server and a private Postgres that a test may kill and start again on the same port. Everything
 * listens on 127.0.0.1 and every wait is bounded.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../setup/global-setup';
import { waitUntil } from './smtp';

export const ROOT = path.resolve(__dirname, '..', '..');
const DIST_MAIN = path.join(ROOT, 'dist/src/main.js');
const DIST_WORKER = path.join(ROOT, 'dist/src/worker.js');

export function assertBuilt(): void {
  if (!fs.existsSync(DIST_MAIN) || !fs.existsSync(DIST_WORKER)) {
    throw new Error(
      'dist/ is missing: the fault tests run the built processes; run `npx tsc -p tsconfig.build.json` first (make test does)',
    );
  }
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer().unref().on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

export interface Proc {
  child: ChildProcess;
  /** stdout + stderr so far (shown when a test fails) */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGTERM, then SIGKILL after `ms` */
  stop(ms?: number): Promise<void>;
}

function track(child: ChildProcess): Proc {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  });
  child.stderr?.on('data', (d: Buffer) => {
    out = (out + d.toString()).slice(-200_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    alive,
    output: () => out,
    async stop(ms = 15_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Environment every API/worker process of these tests gets (production mode, quiet logs, no web app, high limits). */
export function baseEnv(over: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SERVE_WEB: 'false',
    ENCRYPTION_KEYS: `fault:${randomBytes(32).toString('base64')}`,
    RATE_LIMIT_PER_MINUTE: '100000',
    INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    REDIS_PREFIX: `f${randomBytes(5).toString('hex')}`,
    OUTBOX_POLL_INTERVAL_MS: '200',
    DATABASE_POOL_SIZE: '5',
    ...over,
  };
}

export interface ApiProc extends Proc {
  url: string;
}

/** `node dist/src/main.js` on a free port; resolves once /health/live answers. */
export async function startApi(env: Record<string, string>): Promise<ApiProc> {
  assertBuilt();
  const port = await freePort();
  const proc = track(
    spawn(process.execPath, [DIST_MAIN], { env: baseEnv({ ...env, PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `the API on port ${port}`,
    async () => {
      if (!proc.alive()) throw new Error(`the API exited: ${proc.output().slice(-2000)}`);
      const res = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(1000) }).catch(() => null);
      return res?.status === 200;
    },
    30_000,
    100,
  );
  return { ...proc, url };
}

/** `node dist/src/worker.js`; resolves once it logged that it started. */
export async function startWorker(env: Record<string, string>): Promise<Proc> {
  assertBuilt();
  const proc = track(
    spawn(process.execPath, [DIST_WORKER], { env: baseEnv({ LOG_LEVEL: 'info', ...env }), stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  await waitUntil(
    'the worker to start',
    async () => {
      if (!proc.alive()) throw new Error(`the worker exited: ${proc.output().slice(-2000)}`);
      return proc.output().includes('worker started');
    },
    30_000,
    50,
  );
  return proc;
}

/** A database of this run cloned from the migrated template (dropped by the global teardown). */
export async function cloneTemplateDatabase(): Promise<string> {
  const base = process.env.DATABASE_URL as string;
  const name = `${process.env.TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${process.env.TEST_TEMPLATE_DB}`);
  await admin.end();
  return withDatabase(base, name);
}

// ------------------------------------------------------------------------------------------ Redis

const ping = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });

export interface OwnRedis {
  url: string;
  port: number;
  kill(): Promise<void>;
}

/** A redis-server of this test on `port` (a free one by default), no persistence; `kill()` is SIGKILL. */
export async function startRedis(port?: number): Promise<OwnRedis> {
  const p = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir()],
    { stdio: 'ignore' },
  );
  await waitUntil(
    `redis-server on port ${p}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      return ping(p);
    },
    15_000,
  );
  return {
    url: `redis://127.0.0.1:${p}`,
    port: p,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    },
  };
}

// --------------------------------------------------------------------------------------- Postgres

export interface OwnPostgres {
  url: string;
  port: number;
  /** fast shutdown (SIGINT to the postmaster), waits for the exit */
  stop(): Promise<void>;
}

/** A private Postgres (test/robustness/pg-server.mjs) with its data in `dir`, on `port` (a free one by default). */
export async function startPostgres(dir: string, port?: number): Promise<OwnPostgres> {
  const child = spawn(process.execPath, [path.join(ROOT, 'test/robustness/pg-server.mjs'), dir, ...(port ? [String(port)] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child);
  const line = await waitUntil(
    'the private Postgres',
    async () => {
      if (!proc.alive()) throw new Error(`postgres helper exited: ${proc.output().slice(-2000)}`);
      return proc
        .output()
        .split('\n')
        .find((l) => l.startsWith('{"url"'));
    },
    90_000,
    50,
  );
  const { url, port: actual } = JSON.parse(line) as { url: string; port: number };
  return { url, port: actual, stop: () => proc.stop(30_000) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
