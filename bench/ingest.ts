/**
 * `ingest`: spans/s through POST /api/v1/ingest (the production path: API key auth with the live
 * role, the ingest rate limit raised by env, validation, quota, trace summaries, one transaction per
 * batch) with 4 concurrent clients sending batches of 500 realistic ~1 KB spans, versus COPYing the
 * very same rows straight into the `spans` table over 4 connections, 500 rows per COPY.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BenchContext, benchContext, cpuDuring, fmt, runConcurrently, startApi, workspaceWithKey } from './lib/harness';
import { BenchSpan, copyText, makeSpans, SPANS_COPY_COLUMNS } from './lib/spans';

const BATCH = 500;
const CLIENTS = 4;
const COPY_WORKSPACE = randomUUID();

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 200);
  const warmup = 8;
  const half = Math.ceil(batches / 2);
  const data: BenchSpan[][] = Array.from({ length: 2 * half + warmup }, (_, i) => makeSpans(BATCH, i));
  const bodies = data.map((spans) => JSON.stringify({ spans }));
  const avgBytes = bodies.reduce((n, b) => n + Buffer.byteLength(b), 0) / (bodies.length * BATCH);
  // The baseline COPYs the very same rows (under another workspace id, so nothing collides).
  const texts = data.map((spans) => copyText(COPY_WORKSPACE, spans));

  const api = await startApi(ctx, { INGEST_RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_PER_MINUTE: '1000000000' }, 'ingest');
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new Client({ connectionString: ctx.databaseUrl });
      await c.connect();
      return c;
    }),
  );
  try {
    const ws = await workspaceWithKey(api, ctx, 'member');
    const send = async (body: string) => {
      const res = await fetch(`${api.url}/api/v1/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ws.key}`, 'content-type': 'application/json' },
        body,
      });
      const out = (await res.json()) as { accepted?: number };
      if (res.status !== 200 || out.accepted !== BATCH)
        throw new Error(`ingest answered ${res.status}: ${JSON.stringify(out).slice(0, 300)}`);
    };
    const idle = [...clients];
    const copy = async (text: string) => {
      const c = idle.pop() as Client;
      try {
        await new Promise<void>((resolve, reject) => {
          const stream = c.query(copyFrom(`COPY spans (${SPANS_COPY_COLUMNS}) FROM STDIN`));
          stream.on('finish', resolve).on('error', reject);
          stream.end(text);
        });
      } finally {
        idle.push(c);
      }
    };
    await runConcurrently(warmup, CLIENTS, (i) => copy(texts[i]));
    await runConcurrently(warmup, CLIENTS, (i) => send(bodies[i]));
    // Two rounds in alternating order (COPY, API, API, COPY): the machine's load and the tables' growth hit both alike.
    let copySeconds = 0;
    let apiSeconds = 0;
    const cpu = { api: { client: 0, api: 0, postgres: 0, redis: 0 }, copy: { client: 0, api: 0, postgres: 0, redis: 0 } };
    const add = (into: typeof cpu.api, c: typeof cpu.api) => {
      for (const k of ['client', 'api', 'postgres', 'redis'] as const) into[k] += c[k];
    };
    for (const round of [0, 1]) {
      const offset = warmup + round * half;
      const runCopy = async () =>
        add(
          cpu.copy,
          await cpuDuring(ctx, api.child.pid, async () => {
            copySeconds += await runConcurrently(half, CLIENTS, (i) => copy(texts[offset + i]));
          }),
        );
      const runApi = async () =>
        add(
          cpu.api,
          await cpuDuring(ctx, api.child.pid, async () => {
            apiSeconds += await runConcurrently(half, CLIENTS, (i) => send(bodies[offset + i]));
          }),
        );
      if (round === 0) {
        await runCopy();
        await runApi();
      } else {
        await runApi();
        await runCopy();
      }
    }
    const spans = 2 * half * BATCH;
    const apiRate = spans / apiSeconds;
    const copyRate = spans / copySeconds;
    console.log(
      `ingest api=${fmt(apiRate)} spans/s copy=${fmt(copyRate)} spans/s (${spans} spans each, ${BATCH}/batch, ${CLIENTS} clients, ` +
        `${fmt(avgBytes / 1024, 2)} KB/span) ratio=${fmt(apiRate / copyRate, 2)}`,
    );
    if (process.env.BENCH_VERBOSE) {
      const per = (c: typeof cpu.api) =>
        `client ${fmt((c.client * 1e6) / spans)} µs, api ${fmt((c.api * 1e6) / spans)} µs, postgres ${fmt((c.postgres * 1e6) / spans)} µs`;
      console.log(
        `  cpu per span: via api: ${per(cpu.api)}; via copy: ${per(cpu.copy)}; wall: api ${fmt(apiSeconds, 1)} s, copy ${fmt(copySeconds, 1)} s`,
      );
    }
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    await api.stop();
  }
}
