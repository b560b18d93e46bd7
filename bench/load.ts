/**
 * `load`: a mixed load of reads and ingests at the machine's capacity, driven by autocannon over loopback
 * against the API as in production (`node dist/src/main.js`, rate limits raised by env): per connection the
 * sequence GET /api/v1/traces, GET /api/v1/workspace, GET /api/v1/traces/:id, POST /api/v1/ingest (10 spans).
 * Two identical runs of BENCH_LOAD_SECONDS (default 60) after a 30 s warm-up. Fails unless both runs see zero 5xx
 * and zero connection errors, and the API's memory after the second run is less than 10 % above the first's
 * (a leak grows run after run; a warm process does not). Memory is what the process keeps: `heapUsed +
 * external` after full garbage collections (bench/lib/heap-probe.ts, preloaded into the API), since RSS
 * mostly tells how far V8 grew its heap, which varies from run to run; RSS is printed too. `ratio` is the
 * memory after run 2 over the memory after run 1.
 *   npm run bench -- load          BENCH_LOAD_SECONDS=20 npm run bench -- load   (a shorter run)
 *   BENCH_LOAD_RUNS=6 npm run bench -- load   (more runs: the RSS of each, to see it settle)
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { API_HEAP_FLAGS, BenchContext, benchContext, fmt, ROOT, startNode, workspaceWithKey } from './lib/harness';

const CONNECTIONS = 16;
const SPANS_PER_BATCH = 10;
const BODIES = 4000;
const MAX_GROWTH = 0.1;

const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');

/** One ingest body: a trace of SPANS_PER_BATCH spans (an agent root and LLM/tool children), a few hundred bytes each. */
function batch(): string {
  const traceId = hex(32);
  const root = hex(16);
  const t0 = Date.now() - 60_000;
  const spans = Array.from({ length: SPANS_PER_BATCH }, (_, i) => ({
    traceId,
    spanId: i === 0 ? root : hex(16),
    parentSpanId: i === 0 ? null : root,
    name: i === 0 ? 'support-agent' : i % 2 ? 'chat gpt-4o-mini' : 'search_docs',
    kind: i === 0 ? 'agent' : i % 2 ? 'llm' : 'tool',
    startTime: new Date(t0 + i * 100).toISOString(),
    endTime: new Date(t0 + i * 100 + 80).toISOString(),
    status: 'ok',
    input: { messages: [{ role: 'user', content: `question ${i} about the invoice of last month` }] },
    output: i % 2 ? { content: 'Here is what I found in the billing history…' } : null,
    model: i % 2 ? 'gpt-4o-mini' : null,
    usage: i % 2 ? { inputTokens: 120, outputTokens: 48, totalTokens: 168 } : null,
    costUsd: i % 2 ? 0.00021 : null,
    attributes: { 'session.id': 's-1', step: i },
  }));
  return JSON.stringify({ spans });
}

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

interface Run {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  fiveXx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  rss: number;
  live: number;
}

/** Asks the API's heap probe for its live memory after full GCs (MB). */
async function liveMb(pid: number, file: string): Promise<number> {
  const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && fs.statSync(file).mtimeMs > before) {
      try {
        return (JSON.parse(fs.readFileSync(file, 'utf8')) as { live: number }).live / 2 ** 20;
      } catch {
        /* being written */
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the API heap probe did not answer');
}

async function run(url: string, key: string, traceId: string, bodies: string[], seconds: number, pid: number, probe: string): Promise<Run> {
  let next = 0;
  const auth = { authorization: `Bearer ${key}` };
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMb(pid)), 1000);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 20,
    requests: [
      { method: 'GET', path: '/api/v1/traces?limit=20', headers: auth },
      { method: 'GET', path: '/api/v1/workspace', headers: auth },
      { method: 'GET', path: `/api/v1/traces/${traceId}`, headers: auth },
      {
        method: 'POST',
        path: '/api/v1/ingest',
        headers: { ...auth, 'content-type': 'application/json' },
        // a new trace per request while the bodies last, then the same traces again (updates)
        setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  clearInterval(sampler);
  // the memory the process keeps under this load: the median of the second half of the run
  const tail = samples.slice(Math.floor(samples.length / 2)).sort((a, b) => a - b);
  const r = result as unknown as Record<string, number>;
  return {
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    fiveXx: r['5xx'] ?? 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rss: tail[Math.floor(tail.length / 2)] ?? rssMb(pid),
    live: await liveMb(pid, probe),
  };
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const bodies = Array.from({ length: BODIES }, batch);
  const probe = path.join(os.tmpdir(), `agentobs-heap-${process.pid}.json`);
  const api = await startNode(
    path.join(ROOT, 'dist/src/main.js'),
    {
      NODE_ENV: 'production',
      DATABASE_URL: ctx.databaseUrl,
      REDIS_URL: ctx.redisUrl,
      REDIS_PREFIX: `bench${process.pid}`,
      SERVE_WEB: 'false',
      ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
      LOG_LEVEL: 'warn',
      HEAP_PROBE_FILE: probe,
      RATE_LIMIT_PER_MINUTE: '1000000000',
      INGEST_RATE_LIMIT_PER_MINUTE: '1000000000',
    },
    '/health/ready',
    [...API_HEAP_FLAGS, '--expose-gc', '--require', path.join(ROOT, 'dist/bench/lib/heap-probe.js')],
  );
  try {
    const ws = await workspaceWithKey(api, ctx, 'member');
    const seed = JSON.parse(batch()) as { spans: { traceId: string }[] };
    const res = await fetch(`${api.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(seed),
    });
    if (res.status !== 200) throw new Error(`seed ingest: ${res.status} ${await res.text()}`);
    const pid = api.child.pid as number;
    // warm-up: JIT, pools, caches, and most of the heap's growth to its working size (RSS settles after 1-2 minutes of load)
    await run(api.url, ws.key, seed.spans[0].traceId, bodies, Math.min(30, seconds), pid, probe);
    // BENCH_LOAD_RUNS > 2 shows whether memory settles (the verdict compares the last two runs)
    const runs: Run[] = [];
    for (let i = 0; i < Math.max(2, Number(process.env.BENCH_LOAD_RUNS ?? 2)); i++) {
      runs.push(await run(api.url, ws.key, seed.spans[0].traceId, bodies, seconds, pid, probe));
    }
    if (runs.length > 2)
      console.log(
        `  api memory per run: live ${runs.map((r) => fmt(r.live, 1)).join(' → ')} MB, rss ${runs.map((r) => fmt(r.rss)).join(' → ')} MB`,
      );
    const [first, second] = runs.slice(-2);
    const growth = second.live / first.live - 1;
    const ingests = (first.total + second.total) / 4;
    console.log(
      `load mixed=${fmt((first.rps + second.rps) / 2)} req/s (75 % reads, 25 % ingests of ${SPANS_PER_BATCH} spans: ` +
        `${fmt((ingests * SPANS_PER_BATCH) / (2 * seconds))} spans/s; ${CONNECTIONS} connections, 2 × ${seconds} s) ` +
        `p50 ${first.p50}/${second.p50} ms p99 ${first.p99}/${second.p99} ms, 5xx ${first.fiveXx + second.fiveXx}, ` +
        `errors ${first.errors + second.errors}, api memory after GC ${fmt(first.live, 1)} → ${fmt(second.live, 1)} MB ` +
        `(${growth >= 0 ? '+' : ''}${fmt(growth * 100, 1)} %; rss ${fmt(first.rss)} → ${fmt(second.rss)} MB) ratio=${fmt(second.live / first.live, 3)}`,
    );
    const problems = [
      ...[first, second].flatMap((r, i) => [
        r.fiveXx ? `run ${i + 1}: ${r.fiveXx} 5xx answers` : '',
        r.errors || r.timeouts ? `run ${i + 1}: ${r.errors} connection errors, ${r.timeouts} timeouts` : '',
        r.non2xx !== r.fiveXx ? `run ${i + 1}: ${r.non2xx - r.fiveXx} other non-2xx answers` : '',
      ]),
      growth >= MAX_GROWTH ? `API memory grew ${fmt(growth * 100, 1)} % from run 1 to run 2 (limit ${MAX_GROWTH * 100} %)` : '',
    ].filter(Boolean);
    if (problems.length) throw new Error(problems.join('; '));
  } finally {
    await api.stop();
    fs.rmSync(probe, { force: true });
  }
}
