/**
 * `processes`: ingest throughput with 1 and with 2 API processes (API_PROCESSES, src/main.ts: a node:cluster
 * primary and its processes sharing one port), the same production-shaped load (bench/lib/spans.ts
 * `makeMixBatches`, 500-span batches) from 8 clients, each an SDK instance sending one batch at a time
 * (`runSenders`), one worker process running alongside. Rounds
 * alternate (1, 2, 2, 1) so table growth and the neighbours' load hit both alike. Besides spans/s it prints the
 * CPU microseconds per span of the API processes (the primary included), the Postgres server, the worker and
 * Redis: the figures the README's sizing table is derived from.
 *   BENCH_PROCESSES_BATCHES (default 80 per round), BENCH_PROCESSES_CLIENTS (default 8)
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BenchContext, benchContext, cpuDuring, fmt, poster, ROOT, runSenders, Server, startApi, workspaceWithKey } from './lib/harness';
import { ingestBody, makeMixBatches } from './lib/spans';

const BATCH = 500;

/** utime + stime of `pid` and of its live children (the cluster's API processes), in seconds */
function treeCpu(pid: number): number {
  const of = (p: number | string) => {
    try {
      const stat = fs
        .readFileSync(`/proc/${p}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .split(' ');
      return (Number(stat[11]) + Number(stat[12])) / 100;
    } catch {
      return 0;
    }
  };
  let children: string[] = [];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  } catch {
    /* none */
  }
  return of(pid) + children.reduce((n, c) => n + of(c), 0);
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const perRound = Number(process.env.BENCH_PROCESSES_BATCHES ?? 80);
  const clients = Number(process.env.BENCH_PROCESSES_CLIENTS ?? 8);
  // every round starts fresh API processes: warm them (V8 compiles the hot path for the first few hundred batches)
  const warmup = Number(process.env.BENCH_PROCESSES_WARMUP ?? 100);
  const order = [1, 2, 2, 1];
  const { mix } = makeMixBatches(order.length * (perRound + warmup), BATCH, clients);
  const bodies = mix.map(ingestBody);
  const env = {
    INGEST_RATE_LIMIT_PER_MINUTE: '1000000000',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    LOG_LEVEL: 'warn',
    ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    REDIS_PREFIX: `bench${process.pid}`,
  };
  // one worker process throughout (alerts for error spans go through the outbox to it)
  const worker: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/src/worker.js')], {
    env: { ...process.env, ...env, NODE_ENV: 'production', DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let workspace: { key: string } | undefined;
  const seconds: Record<number, number> = { 1: 0, 2: 0 };
  const cpu: Record<number, { api: number; postgres: number; redis: number; worker: number }> = {
    1: { api: 0, postgres: 0, redis: 0, worker: 0 },
    2: { api: 0, postgres: 0, redis: 0, worker: 0 },
  };
  let next = 0;
  try {
    for (const n of order) {
      const api: Server = await startApi(ctx, { ...env, API_PROCESSES: String(n) });
      const http = poster(api.url, clients);
      try {
        workspace ??= await workspaceWithKey(api, ctx, 'member');
        const key = workspace.key;
        const send = (i: number) => http.ingest(key, bodies[i], BATCH);
        const base = next;
        await runSenders(base, warmup, clients, send);
        const from = base + warmup;
        const before = { api: treeCpu(api.child.pid!), worker: treeCpu(worker.pid!) };
        const used = await cpuDuring(ctx, undefined, async () => {
          seconds[n] += await runSenders(from, perRound, clients, send);
        });
        cpu[n].api += treeCpu(api.child.pid!) - before.api;
        cpu[n].worker += treeCpu(worker.pid!) - before.worker;
        cpu[n].postgres += used.postgres;
        cpu[n].redis += used.redis;
        next = from + perRound;
      } finally {
        http.close();
        await api.stop();
      }
    }
  } finally {
    worker.kill('SIGTERM');
  }
  const spans = 2 * perRound * BATCH;
  const us = (s: number) => fmt((s * 1e6) / spans, 1);
  const rate = (n: number) => spans / seconds[n];
  for (const n of [1, 2]) {
    console.log(
      `processes api=${n}: ${fmt(rate(n))} spans/s (${spans} spans, ${BATCH}/batch, ${clients} clients, mix) ` +
        `api_cpu_us_per_span=${us(cpu[n].api)} pg_cpu_us_per_span=${us(cpu[n].postgres)} worker_cpu_us_per_span=${us(cpu[n].worker)} ` +
        `redis_cpu_us_per_span=${us(cpu[n].redis)} ratio=${fmt(rate(n) / rate(1), 2)}`,
    );
  }
}
