/**
 * Shared pieces of the benchmarks (bench/*.ts, run by `npm run bench` = scripts/bench.mjs): child
 * processes on free ports, readiness waits, a workspace with an API key, bounded concurrent loops.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/** Where a bench runs (see benchContext). */
export interface BenchContext {
  /** a freshly migrated database for this run */
  databaseUrl: string;
  redisUrl: string;
  /** repository root */
  root: string;
}

export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The context from the environment scripts/bench.mjs prepares (DATABASE_URL = a freshly migrated database). */
export function benchContext(): BenchContext {
  const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = process.env;
  if (!databaseUrl || !redisUrl) throw new Error('DATABASE_URL and REDIS_URL are required (run through `npm run bench`)');
  return { databaseUrl, redisUrl, root: ROOT };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().unref().on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `node <script>` with `env` on a free port and waits until `readyPath` answers 200 (bounded). */
export async function startNode(script: string, env: Record<string, string>, readyPath: string, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', process.env.BENCH_API_STDOUT ? 'inherit' : 'ignore', 'inherit'], // BENCH_API_STDOUT=1: the API's log (e.g. with --trace-gc)
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${path.basename(script)} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url + readyPath, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return { url, child, stop };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${path.basename(script)} not ready after 60 s`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The heap sizing the API runs with in production (Dockerfile, docker-compose.yml, scripts/stack.mjs; README Performance). */
export const API_HEAP_FLAGS = ['--max-semi-space-size=64', '--heap-growing-percent=300'];

/** The API as in production (`node dist/src/main.js`), with the given environment overrides; BENCH_PROFILE=1 writes a CPU profile, BENCH_API_NODE_ARGS adds node flags. */
export function startApi(ctx: BenchContext, env: Record<string, string> = {}, profileName?: string): Promise<Server> {
  return startNode(
    path.join(ROOT, 'dist/src/main.js'),
    {
      NODE_ENV: 'production',
      DATABASE_URL: ctx.databaseUrl,
      REDIS_URL: ctx.redisUrl,
      REDIS_PREFIX: `bench${process.pid}`,
      SERVE_WEB: 'false',
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      ...env,
    },
    '/health/ready',
    [
      // BENCH_API_NODE_ARGS adds (or overrides: V8 takes the last) flags, e.g. --max-semi-space-size=16 --heap-growing-percent=0 for V8's defaults
      ...API_HEAP_FLAGS,
      ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
      ...(profileName && process.env.BENCH_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'var/bench-profile', profileName)}`]
        : []),
    ],
  );
}

/** Signs up a workspace through the API and creates an API key of `role`; the workspace is put on an unlimited plan. */
export async function workspaceWithKey(api: Server, ctx: BenchContext, role = 'member') {
  const email = `bench-${Date.now()}-${Math.random().toString(16).slice(2)}@example.com`;
  const signup = await post(api.url, '/api/v1/auth/signup', {
    email,
    password: 'correct horse battery staple',
    name: 'Bench',
    workspaceName: 'Bench',
  });
  const token = signup.accessToken as string;
  const workspaceId = signup.workspace.id as string;
  const key = await post(api.url, '/api/v1/api-keys', { name: 'bench', role }, token);
  const db = new Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  await db.query(
    `INSERT INTO billing_config (workspace_id, plan) VALUES ($1, 'enterprise') ON CONFLICT (workspace_id) DO UPDATE SET plan = 'enterprise'`,
    [workspaceId],
  );
  await db.end();
  return { workspaceId, token, key: key.key as string };
}

async function post(base: string, p: string, body: unknown, token?: string) {
  const res = await fetch(base + p, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, any>;
  if (res.status >= 300) throw new Error(`${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * A lean load generator for POSTs of pre-encoded bodies: node:http on keep-alive sockets (one per concurrent
 * client), no per-request body encoding. `fetch` (undici) spends ~3× the client CPU per request for the same body
 * (3.8 vs 1.2 µs per 1 KB span, measured with a no-op server), CPU that the API and Postgres share on a 2-core box.
 */
export function poster(base: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(base);
  const post = (path: string, headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = http.request(
        { hostname, port, path, method: 'POST', agent, headers: { ...headers, 'content-length': body.length } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch (err) {
              reject(err);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  /** POSTs a pre-encoded ingest batch with `key`; anything but 200 with all `expected` spans accepted throws. */
  const ingest = async (key: string, body: Buffer, expected: number) => {
    const res = await post('/api/v1/ingest', { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body);
    const out = res.json as { accepted?: number };
    if (res.status !== 200 || out.accepted !== expected)
      throw new Error(`ingest answered ${res.status}: ${JSON.stringify(out).slice(0, 300)}`);
  };
  return { ingest, close: () => agent.destroy() };
}

/**
 * Sends batches [from, from + total) as `senders` SDK instances do: batch i by sender i % senders, each sender one
 * batch at a time and in order (an SDK's exporter has one request in flight); returns elapsed seconds.
 */
export async function runSenders(from: number, total: number, senders: number, work: (i: number) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: senders }, async (_, s) => {
      for (let i = from + ((s - (from % senders) + senders) % senders); i < from + total; i += senders) await work(i);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Runs `work(i)` for i in [0, total) on `concurrency` workers; returns elapsed seconds. */
export async function runConcurrently(total: number, concurrency: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) await work(i);
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export const fmt = (n: number, digits = 0) => n.toFixed(digits);

/** CPU seconds used so far by processes whose command line matches `pattern` (Linux /proc; 0 elsewhere). */
export function cpuSecondsOf(pattern: RegExp): number {
  let total = 0;
  let pids: string[] = [];
  try {
    pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!pattern.test(cmd)) continue;
      const stat = fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      total += (Number(stat[11]) + Number(stat[12])) / 100; // utime + stime, in USER_HZ ticks
    } catch {
      /* gone meanwhile */
    }
  }
  return total;
}

/**
 * The API's counters so far, from its /metrics: garbage collections (prom-client's `nodejs_gc_duration_seconds`: count
 * and pause seconds by kind) and `gate`, the ingest batches that waited in the trace gate and how long (all of them).
 */
export async function apiCountersOf(api: Server): Promise<{
  gc: Record<string, { count: number; seconds: number }>;
  gate: { count: number; seconds: number };
}> {
  const text = await (await fetch(`${api.url}/metrics`)).text();
  const gc: Record<string, { count: number; seconds: number }> = {};
  for (const m of text.matchAll(/^nodejs_gc_duration_seconds_(sum|count)\{kind="(\w+)"\} ([\d.e+-]+)$/gm)) {
    const entry = (gc[m[2]] ??= { count: 0, seconds: 0 });
    if (m[1] === 'sum') entry.seconds = Number(m[3]);
    else entry.count = Number(m[3]);
  }
  const counter = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);
  return { gc, gate: { count: counter('ingest_trace_gate_waits_total'), seconds: counter('ingest_trace_gate_wait_seconds_total') } };
}

/**
 * CPU seconds spent while `fn` runs by this process (the load generator), the server process `pid`,
 * the Postgres server of DATABASE_URL (all of it: run on the bench's own services for clean figures)
 * and the Redis server of REDIS_URL.
 */
export async function cpuDuring(ctx: BenchContext, pid: number | undefined, fn: () => Promise<void>) {
  const port = new URL(ctx.databaseUrl).port;
  const postgres = () => postgresCpu(port);
  const parts = process.env.BENCH_VERBOSE === '2' ? postgresParts(port) : null;
  const redis = new RegExp(`redis-server.*[: ]${new URL(ctx.redisUrl).port}\\b`); // redis retitles itself "redis-server host:port"
  const serverCpu = () => (pid ? cpuSecondsOfPid(pid) : 0);
  const before = { self: process.cpuUsage(), api: serverCpu(), pg: postgres(), redis: cpuSecondsOf(redis) };
  await fn();
  if (parts) {
    // which Postgres processes the phase's CPU went to (backends by state, autovacuum, WAL writer, exited children)
    const after = postgresParts(port);
    const by = new Map<string, number>();
    for (const [key, cpu] of after) {
      const title = key
        .replace(/^\d+ /, '')
        .replace(/\(\d+\)/, '')
        .replace(/ (idle|COPY|INSERT|DELETE|UPDATE|SELECT|BEGIN|COMMIT).*$/, ' backend');
      by.set(title, (by.get(title) ?? 0) + cpu - (parts.get(key) ?? 0));
    }
    const top = [...by].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
    console.log(`  postgres cpu by process: ${top.map(([k, v]) => `${k.trim()} ${v.toFixed(2)} s`).join('; ')}`);
  }
  const self = process.cpuUsage(before.self);
  return {
    client: (self.user + self.system) / 1e6,
    api: serverCpu() - before.api,
    postgres: postgres() - before.pg,
    redis: cpuSecondsOf(redis) - before.redis,
  };
}

/**
 * CPU seconds of the Postgres server listening on `port`: the postmaster with its reaped children
 * (connections that closed) plus its live children. Counts every database of that server.
 */
function postgresCpu(port: string): number {
  const stats = new Map<number, string[]>();
  let master: number | undefined;
  try {
    for (const p of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
      try {
        const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (!/postgres/.test(cmd)) continue;
        stats.set(
          Number(p),
          fs
            .readFileSync(`/proc/${p}/stat`, 'utf8')
            .replace(/^.*\) /s, '')
            .split(' '),
        );
        if (/\/postgres .*-p /.test(cmd) && new RegExp(`-p ${port}\\b`).test(cmd)) master = Number(p);
      } catch {
        /* gone meanwhile */
      }
    }
  } catch {
    return 0;
  }
  if (master === undefined) return 0;
  const m = stats.get(master) as string[];
  let total = Number(m[11]) + Number(m[12]) + Number(m[13]) + Number(m[14]);
  for (const [, st] of stats) if (Number(st[1]) === master) total += Number(st[11]) + Number(st[12]);
  return total / 100;
}

function cpuSecondsOfPid(pid: number): number {
  try {
    const stat = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(stat[11]) + Number(stat[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds per process of the Postgres server on `port` ("pid title" → s), the postmaster's exited children as one entry. */
function postgresParts(port: string): Map<string, number> {
  const out = new Map<string, number>();
  let master: number | undefined;
  const all: { pid: number; ppid: number; title: string; cpu: number; reaped: number }[] = [];
  for (const p of fs.readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (!/postgres/.test(cmd)) continue;
      const st = fs
        .readFileSync(`/proc/${p}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      all.push({
        pid: Number(p),
        ppid: Number(st[1]),
        title: cmd,
        cpu: (Number(st[11]) + Number(st[12])) / 100,
        reaped: (Number(st[13]) + Number(st[14])) / 100,
      });
      if (/\/postgres .*-p /.test(cmd) && new RegExp(`-p ${port}\\b`).test(cmd)) master = Number(p);
    } catch {
      /* gone meanwhile */
    }
  }
  for (const p of all) {
    if (p.pid === master) out.set(`${p.pid} postmaster + exited children`, p.cpu + p.reaped);
    else if (p.ppid === master) out.set(`${p.pid} ${p.title}`, p.cpu);
  }
  return out;
}
