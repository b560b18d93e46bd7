/**
 * `ingest`: spans/s and CPU per span through POST /api/v1/ingest (the production path: API key auth with the
 * live role, the ingest rate limit raised by env, validation, quota, trace summaries, one transaction per batch)
 * with 4 clients (BENCH_INGEST_CLIENTS) sending batches of 500 realistic ~1 KB spans, versus COPYing the very same
 * rows straight into the `spans` table over as many connections, 500 rows per COPY, in the same run.
 *
 * The 4 clients are 4 SDK instances, each sending its batches one at a time (bench/lib/harness.ts `runSenders`).
 * Three loads (bench/lib/spans.ts `makeMixBatches`):
 *  - `mix` (what production sends): half of every batch continues traces started in earlier batches (each trace
 *    with its own start time, spread over 20 minutes) — 4 in 5 by the same sender, 1 in 5 by another one —,
 *    every 5th batch resends 5 % of spans;
 *  - `new`: the very same rows, every continuation a trace of its own (what this bench sent before issue 19);
 *  - `contended`: the mix without senders — continuations of any batch 4–12 earlier, resends of the batch just
 *    before, batches sent by whichever client is free — which makes batches wait for batches still in flight far
 *    more often than SDKs can (the `mix` of this bench before the senders were modelled; kept as a stress figure).
 * `mix_vs_new` and `contended_vs_new` compare their rates with `new`'s.
 * Wall-clock rates are noisy on a shared 2-core box: the CPU seconds of the API process (/proc) and of the
 * whole Postgres server per span are the figures to optimise; they are printed as api_cpu_us_per_span= and
 * pg_cpu_us_per_span=. Rounds alternate (COPY, new, mix, contended | contended, mix, new, COPY) so table growth
 * and the neighbours' load hit all of them alike. BENCH_INGEST_LOADS=mix (or any list of the loads) runs only
 * those against COPY. BENCH_VERBOSE=1 adds wall times, the API's GC and each round's Postgres CPU per span (a
 * cost that grows with the tables — as the resend statements' plans once did, README step 7 — shows there; run
 * with BENCH_INGEST_BATCHES=1000 or more to see it), the API's CPU per span per round, and how many batches waited
 * in the trace gate for an earlier batch writing their traces (what the mix loses to new-only, step 13). Each load first sends
 * BENCH_INGEST_WARMUP batches (1000) unmeasured, so the figures are a warm process's, then BENCH_INGEST_BATCHES (600)
 * measured ones; BENCH_INGEST_SPANS sets the batch size (500; e.g. 20 shows the fixed cost per request).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BenchContext,
  benchContext,
  cpuDuring,
  fmt,
  apiCountersOf,
  poster,
  runConcurrently,
  runSenders,
  startApi,
  workspaceWithKey,
} from './lib/harness';
import { copyTextOf, ingestBody, makeMixBatches, SPANS_COPY_COLUMNS } from './lib/spans';

const BATCH = Number(process.env.BENCH_INGEST_SPANS ?? 500);
const CLIENTS = Number(process.env.BENCH_INGEST_CLIENTS ?? 4);
const COPY_WORKSPACE = randomUUID();

const LOADS = ['new', 'mix', 'contended'] as const;
type Load = (typeof LOADS)[number];
type Cpu = { client: number; api: number; postgres: number; redis: number };
const zero = (): Cpu => ({ client: 0, api: 0, postgres: 0, redis: 0 });
const zeroWait = () => ({ count: 0, seconds: 0 });

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 600);
  const asked = (process.env.BENCH_INGEST_LOADS ?? LOADS.join(',')).split(',');
  const loads = LOADS.filter((l) => asked.includes(l));
  // batches each load sends before its measured rounds: a production process runs warm, and the API's CPU per span falls
  // over its first ~2,000 batches (V8's compiler threads count in it; README steps 8 and 9) — the loads' warm-ups add up
  const warmup = Number(process.env.BENCH_INGEST_WARMUP ?? 1000);
  const half = Math.ceil(batches / 2);
  const total = 2 * half + warmup;
  const { mix, newOnly, resent } = makeMixBatches(total, BATCH, CLIENTS);
  // bodies and COPY rows are encoded before the clock starts: the clients only send bytes (see `poster`)
  const bodies: Record<Load, Buffer[]> = {
    mix: mix.map(ingestBody),
    new: newOnly.map(ingestBody),
    contended: loads.includes('contended') ? makeMixBatches(total, BATCH).mix.map(ingestBody) : [],
  };
  const avgBytes = bodies.mix.reduce((n, b) => n + b.length, 0) / (bodies.mix.length * BATCH);
  // The baseline COPYs the very same rows as `new` (under another workspace id, so nothing collides).
  const texts = newOnly.map((spans) => Buffer.from(copyTextOf(COPY_WORKSPACE, spans)));

  const api = await startApi(ctx, { INGEST_RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_PER_MINUTE: '1000000000' }, 'ingest');
  const http = poster(api.url, CLIENTS);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new Client({ connectionString: ctx.databaseUrl });
      await c.connect();
      return c;
    }),
  );
  try {
    // one workspace per load: the mix's continuations must find their traces, the new-only traces never collide
    const ws = {
      mix: await workspaceWithKey(api, ctx, 'member'),
      new: await workspaceWithKey(api, ctx, 'member'),
      contended: await workspaceWithKey(api, ctx, 'member'),
    };
    const send = (load: Load, body: Buffer) => http.ingest(ws[load].key, body, BATCH);
    // SDK instances send one batch at a time; the contended load goes to whichever client is free
    const run = (what: Load | 'copy', from: number, count: number, work: (i: number) => Promise<void>) =>
      what === 'contended' ? runConcurrently(count, CLIENTS, (i) => work(from + i)) : runSenders(from, count, CLIENTS, work);
    const idle = [...clients];
    const copy = async (text: Buffer) => {
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
    await run('copy', 0, warmup, (i) => copy(texts[i]));
    for (const load of loads) await run(load, 0, warmup, (i) => send(load, bodies[load][i]));

    const seconds = { copy: 0, new: 0, mix: 0, contended: 0 };
    const cpu = { copy: zero(), new: zero(), mix: zero(), contended: zero() };
    // the API's GC during each load: collections and main-thread pause by kind (minor = scavenges)
    const gc = { copy: {}, new: {}, mix: {}, contended: {} } as Record<Load | 'copy', Record<string, { count: number; seconds: number }>>;
    // Postgres CPU of each round: a cost growing with the tables shows as round 2 above round 1
    const perRound: Record<Load | 'copy', number[]> = { copy: [], new: [], mix: [], contended: [] };
    const apiPerRound: Record<Load | 'copy', number[]> = { copy: [], new: [], mix: [], contended: [] };
    // batches of each load that waited in the trace gate for an earlier batch writing their traces, and how long
    const gate = { copy: zeroWait(), new: zeroWait(), mix: zeroWait(), contended: zeroWait() };
    const measure = async (what: Load | 'copy', offset: number) => {
      const before = await apiCountersOf(api);
      const used = await cpuDuring(ctx, api.child.pid, async () => {
        seconds[what] += await run(what, offset, half, (i) => (what === 'copy' ? copy(texts[i]) : send(what, bodies[what][i])));
      });
      for (const k of ['client', 'api', 'postgres', 'redis'] as const) cpu[what][k] += used[k];
      perRound[what].push(used.postgres);
      apiPerRound[what].push(used.api);
      const after = await apiCountersOf(api);
      for (const [kind, v] of Object.entries(after.gc)) {
        const acc = (gc[what][kind] ??= { count: 0, seconds: 0 });
        acc.count += v.count - (before.gc[kind]?.count ?? 0);
        acc.seconds += v.seconds - (before.gc[kind]?.seconds ?? 0);
      }
      gate[what].count += after.gate.count - before.gate.count;
      gate[what].seconds += after.gate.seconds - before.gate.seconds;
    };
    const order: (Load | 'copy')[] = ['copy', ...loads];
    for (const round of [0, 1]) {
      const offset = warmup + round * half;
      for (const what of round === 0 ? order : [...order].reverse()) await measure(what, offset);
    }

    const spans = 2 * half * BATCH;
    const rate = (what: Load | 'copy') => spans / seconds[what];
    const us = (s: number) => fmt((s * 1e6) / spans, 1);
    console.log(
      `ingest: ${spans} spans per load, ${BATCH}/batch, ${CLIENTS} clients (SDK senders), ${fmt(avgBytes / 1024, 2)} KB/span; mix: ` +
        `${fmt((100 * resent) / (total * BATCH), 1)} % resent spans, half of the rest continuing earlier traces`,
    );
    console.log(
      `ingest copy: ${fmt(rate('copy'))} spans/s pg_cpu_us_per_span=${us(cpu.copy.postgres)} client_cpu_us_per_span=${us(cpu.copy.client)}`,
    );
    for (const load of loads) {
      const extra = load !== 'new' && loads.includes('new') ? ` ${load}_vs_new=${fmt(rate(load) / rate('new'), 2)}` : '';
      console.log(
        `ingest ${load}: ${fmt(rate(load))} spans/s api_cpu_us_per_span=${us(cpu[load].api)} pg_cpu_us_per_span=${us(cpu[load].postgres)} ` +
          `pg_vs_copy=${fmt(cpu[load].postgres / cpu.copy.postgres, 2)} redis_cpu_us_per_span=${us(cpu[load].redis)}${extra} ` +
          `ratio=${fmt(rate(load) / rate('copy'), 2)}`,
      );
    }
    if (process.env.BENCH_VERBOSE) {
      const wall = Object.entries(seconds)
        .filter(([k]) => k === 'copy' || loads.includes(k as Load))
        .map(([k, s]) => `${k} ${fmt(s, 1)} s`)
        .join(', ');
      console.log(`  wall: ${wall}; client cpu per span: ${loads.map((l) => `${l} ${us(cpu[l].client)} µs`).join(', ')}`);
      const rounds = (['copy', ...loads] as const).map((k) => `${k} ${perRound[k].map((sec) => us(2 * sec)).join(' → ')} µs`).join(', ');
      console.log(`  postgres cpu per span, round 1 → round 2 (the tables grow between them): ${rounds}`);
      const apiRounds = loads.map((k) => `${k} ${apiPerRound[k].map((sec) => us(2 * sec)).join(' → ')} µs`).join(', ');
      console.log(`  api cpu per span, round 1 → round 2 (the API's JIT warms up between them): ${apiRounds}`);
      for (const load of loads) {
        const kinds = Object.entries(gc[load])
          .filter(([, v]) => v.count > 0)
          .map(([kind, v]) => `${kind} ${fmt((v.count * BATCH) / spans, 3)}/batch ${us(v.seconds)} µs/span`)
          .join(', ');
        console.log(`  api gc during ${load} (collections per ${BATCH}-span batch, main-thread pause per span): ${kinds}`);
      }
      const waits = loads
        .map(
          (l) =>
            `${l} ${fmt((gate[l].count * BATCH) / spans, 2)} (${fmt(gate[l].count ? (1000 * gate[l].seconds) / gate[l].count : 0, 1)} ms each)`,
        )
        .join(', ');
      console.log(`  batches waiting in the trace gate for an earlier batch writing their traces, per batch: ${waits}`);
    }
  } finally {
    await Promise.all(clients.map((c) => c.end()));
    http.close();
    await api.stop();
  }
}
