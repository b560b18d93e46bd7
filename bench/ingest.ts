/**
 * `ingest`: spans/s through POST /api/v1/ingest (the production path: API key auth with the live
 * role, the ingest rate limit raised by env, validation, quota, trace summaries, one transaction per
 * batch) with 4 concurrent clients sending batches of 500 realistic ~1 KB spans, versus COPYing the
 * very same rows straight into the `spans` table over 4 connections, 500 rows per COPY.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BenchContext, benchContext, fmt, runConcurrently, startApi, workspaceWithKey } from './lib/harness';
import { BenchSpan, copyText, makeSpans, SPANS_COPY_COLUMNS } from './lib/spans';

const BATCH = 500;
const CLIENTS = 4;

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 80);
  const warmup = 8;
  const data: BenchSpan[][] = Array.from({ length: batches + warmup }, (_, i) => makeSpans(BATCH, i));
  const bodies = data.map((spans) => JSON.stringify({ spans }));
  const avgBytes = bodies.slice(warmup).reduce((n, b) => n + Buffer.byteLength(b), 0) / (batches * BATCH);

  // COPY first: the API then writes into tables that already hold the baseline's rows (no advantage to it).
  const copyWorkspace = randomUUID();
  const texts = data.map((spans) => copyText(copyWorkspace, spans));
  const clients = await Promise.all(Array.from({ length: CLIENTS }, async () => {
    const c = new Client({ connectionString: ctx.databaseUrl });
    await c.connect();
    return c;
  }));
  const copy = (c: Client, text: string) => new Promise<void>((resolve, reject) => {
    const stream = c.query(copyFrom(`COPY spans (${SPANS_COPY_COLUMNS}) FROM STDIN`));
    stream.on('finish', resolve).on('error', reject);
    stream.end(text);
  });
  const pool = [...clients];
  const withClient = async (fn: (c: Client) => Promise<void>) => {
    const c = pool.pop() as Client;
    try { await fn(c); } finally { pool.push(c); }
  };
  await runConcurrently(warmup, CLIENTS, (i) => withClient((c) => copy(c, texts[i])));
  const copySeconds = await runConcurrently(batches, CLIENTS, (i) => withClient((c) => copy(c, texts[warmup + i])));
  await Promise.all(clients.map((c) => c.end()));

  const api = await startApi(ctx, { INGEST_RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_PER_MINUTE: '1000000000' }, 'ingest');
  try {
    const ws = await workspaceWithKey(api, ctx, 'member');
    const send = async (body: string) => {
      const res = await fetch(`${api.url}/api/v1/ingest`, {
        method: 'POST', headers: { authorization: `Bearer ${ws.key}`, 'content-type': 'application/json' }, body,
      });
      const out = (await res.json()) as { accepted?: number };
      if (res.status !== 200 || out.accepted !== BATCH) throw new Error(`ingest answered ${res.status}: ${JSON.stringify(out).slice(0, 300)}`);
    };
    await runConcurrently(warmup, CLIENTS, (i) => send(bodies[i]));
    const apiSeconds = await runConcurrently(batches, CLIENTS, (i) => send(bodies[warmup + i]));
    const spans = batches * BATCH;
    const apiRate = spans / apiSeconds;
    const copyRate = spans / copySeconds;
    console.log(`ingest api=${fmt(apiRate)} spans/s copy=${fmt(copyRate)} spans/s (${spans} spans, ${BATCH}/batch, ${CLIENTS} clients, `
      + `${fmt(avgBytes / 1024, 2)} KB/span) ratio=${fmt(apiRate / copyRate, 2)}`);
  } finally {
    await api.stop();
  }
}
