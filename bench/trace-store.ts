/**
 * `trace-store`: the two TraceStore adapters side by side, on the store itself (no HTTP): ingest throughput
 * over BENCH_TRACE_SPANS spans (default 1,000,000: 100,000 traces of 10 realistic ~1 KB spans, spread over the
 * last 30 days, 500-span batches, 4 concurrent writers, quota and outbox left out), then the latency (median
 * of BENCH_TRACE_READS runs, default 15) of what the trace endpoints ask the store over that data:
 *  - `list`: the first page (50, newest first); `list-error`: the first page of ?status=error;
 *  - `list-window`: a page of a 7-day ?from=&to= window; `list-deep`: a page from a cursor in the middle;
 *  - `stats`: 30 days in hourly buckets; `detail`: one trace with its spans;
 *  - a second line, `explorer`: p50/p95 of the trace explorer's filtered lists (`list-<filter>`: name, kind, model,
 *    minimum duration and cost, a combination, none matching, a page deep in a filtered list) and stats (24 h hourly,
 *    7 days hourly, 30 days daily, with and without filters).
 * Postgres always (DATABASE_URL); ClickHouse when CLICKHOUSE_URL is set (a database of its own, migrated and
 * dropped). BENCH_TRACE_BACKENDS=clickhouse (or postgres) runs one. The last line's ratio is ClickHouse's
 * ingest rate over Postgres's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createDataSource } from '../src/database/data-source';
import { Db } from '../src/database/db';
import { normalizeSpan, NormalizedSpan } from '../src/modules/ingestion/span-model';
import { ClickHouseTraceStore } from '../src/modules/ingestion/storage/clickhouse/clickhouse-trace-store';
import { openClickHouse } from '../src/modules/ingestion/storage/clickhouse/client';
import { applyClickHouseMigrations } from '../src/modules/ingestion/storage/clickhouse/migrations';
import { PostgresTraceRegistry } from '../src/modules/ingestion/storage/clickhouse/postgres-trace-registry';
import { PostgresTraceStore } from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { TraceListFilter, TraceStatsQuery, TraceStore } from '../src/modules/ingestion/storage/trace-store';
import { BenchContext, benchContext, fmt, runConcurrently } from './lib/harness';
import { makeSpans } from './lib/spans';

const BATCH = 500;
const WRITERS = 4;
const HOUR_US = 3600_000_000;
const DAY_US = 24 * HOUR_US;

/**
 * Batch `i`: new traces, moved back by up to 30 days so the data covers a month, varied for the filters: every
 * 20th trace's root is a `checkout-agent-*`, every 50th a `chain`, every 10th trace's LLM calls use `claude-sonnet-4`,
 * durations spread over 4.2–16.2 s and LLM costs over 1–5× (so each filter below selects 2–20 % of the traces).
 */
function batch(i: number, now: number): NormalizedSpan[] {
  const shift = ((i * 7919) % 720) * HOUR_US;
  let j = i * 50; // traces of 10 spans, 50 per batch
  let root: NormalizedSpan | null = null;
  return makeSpans(BATCH, i).map((raw) => {
    const s = normalizeSpan(raw, now);
    s.startUs -= shift;
    if (s.endUs !== null) s.endUs -= shift;
    if (s.parentSpanId === null) {
      root = s;
      j++;
      if (j % 20 === 0) s.name = `checkout-agent-${j % 7}`;
      if (j % 50 === 0) s.kind = 'chain';
      if (s.endUs !== null) s.endUs += (j % 13) * 1_000_000;
    } else if (s.model !== null && root) {
      if (j % 10 === 0) s.model = 'claude-sonnet-4';
      if (s.costUsd !== null) s.costUsd *= 1 + (j % 5);
    }
    return s;
  });
}

/** p50 and p95 of `runs` timed calls (ms). */
async function timed(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor((times.length - 1) / 2)], p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function measure(
  name: string,
  store: TraceStore,
  total: number,
  reads: number,
  size: () => Promise<string>,
  settle: () => Promise<void> = async () => undefined,
): Promise<number> {
  const workspaceId = randomUUID();
  const now = Date.now();
  const noop = { dropIfNew: new Set<string>(), beforeCommit: async () => undefined };
  const batches = Math.ceil(total / BATCH);
  const traceIds: string[] = [];
  const seconds = await runConcurrently(batches, WRITERS, async (i) => {
    const spans = batch(i, now);
    if (i % 50 === 0) traceIds.push(spans[0].traceId);
    await store.write(workspaceId, spans, noop);
  });
  const rate = (batches * BATCH) / seconds;
  await settle();
  const nowUs = now * 1000;
  const firstPage = await store.listTraces(workspaceId, { limit: 51 });
  const middle = (await store.listTraces(workspaceId, { limit: 1, toUs: nowUs - 15 * DAY_US }))[0];
  const list = await median(reads, () => store.listTraces(workspaceId, { limit: 51 }));
  const listError = await median(reads, () => store.listTraces(workspaceId, { limit: 51, status: 'error' }));
  const listWindow = await median(reads, () =>
    store.listTraces(workspaceId, { limit: 51, fromUs: nowUs - 14 * DAY_US, toUs: nowUs - 7 * DAY_US }),
  );
  const listDeep = await median(reads, () =>
    store.listTraces(workspaceId, { limit: 51, after: { startUs: middle.startUs, traceId: middle.traceId } }),
  );
  const stats = await median(Math.max(3, Math.floor(reads / 3)), () =>
    store.traceStats(workspaceId, { fromUs: nowUs - 30 * DAY_US, toUs: nowUs, bucketSeconds: 3600 }),
  );
  // the trace explorer's queries (GET /traces with filters, GET /traces/stats): p50 / p95 of `reads` runs each
  const week = { fromUs: nowUs - 14 * DAY_US, toUs: nowUs - 7 * DAY_US };
  const filtered: [string, Omit<TraceListFilter, 'limit'>][] = [
    ['name', { name: 'checkout' }],
    ['name-none', { name: 'no-such-agent' }],
    ['kind', { kind: 'chain' }],
    ['model', { model: 'claude-sonnet-4' }],
    ['model-none', { model: 'no-such-model' }],
    ['min-duration', { minDurationMs: 15_000 }],
    ['min-cost', { minCostUsd: 0.003 }],
    ['combined', { ...week, model: 'claude-sonnet-4', minDurationMs: 10_000, status: 'ok' }],
    ['deep-model', { model: 'claude-sonnet-4', after: { startUs: middle.startUs, traceId: middle.traceId } }],
  ];
  const statsQueries: [string, TraceStatsQuery][] = [
    ['stats-24h-hourly', { fromUs: nowUs - DAY_US, toUs: nowUs, bucketSeconds: 3600 }],
    ['stats-7d-hourly', { fromUs: nowUs - 7 * DAY_US, toUs: nowUs, bucketSeconds: 3600 }],
    ['stats-30d-daily', { fromUs: nowUs - 30 * DAY_US, toUs: nowUs, bucketSeconds: 86400 }],
    ['stats-30d-daily-model', { fromUs: nowUs - 30 * DAY_US, toUs: nowUs, bucketSeconds: 86400, model: 'claude-sonnet-4' }],
    ['stats-30d-daily-name', { fromUs: nowUs - 30 * DAY_US, toUs: nowUs, bucketSeconds: 86400, name: 'checkout' }],
  ];
  const explorer: string[] = [];
  const fmtP = (label: string, t: { p50: number; p95: number }) => `${label}=${fmt(t.p50, 1)}/${fmt(t.p95, 1)}`;
  for (const [label, f] of filtered)
    explorer.push(fmtP(`list-${label}`, await timed(reads, () => store.listTraces(workspaceId, { ...f, limit: 51 }))));
  for (const [label, q] of statsQueries) explorer.push(fmtP(label, await timed(reads, () => store.traceStats(workspaceId, q))));
  let k = 0;
  const detail = await median(reads, () => store.getTrace(workspaceId, traceIds[k++ % traceIds.length], 10_000));
  if (firstPage.length !== 51) throw new Error(`${name}: the list returned ${firstPage.length} traces, expected 51`);
  console.log(
    `trace-store ${name}: ingest=${fmt(rate)} spans/s (${batches * BATCH} spans, ${BATCH}/batch, ${WRITERS} writers), ${await size()}; ` +
      `latency ms (median of ${reads}): list=${fmt(list, 1)} list-error=${fmt(listError, 1)} list-window=${fmt(listWindow, 1)} ` +
      `list-deep=${fmt(listDeep, 1)} stats=${fmt(stats, 1)} detail=${fmt(detail, 1)}`,
  );
  console.log(`trace-store ${name} explorer: latency ms p50/p95 of ${reads} runs: ${explorer.join(' ')}`);
  return rate;
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const total = Number(process.env.BENCH_TRACE_SPANS ?? 1_000_000);
  const reads = Number(process.env.BENCH_TRACE_READS ?? 15);
  const only = process.env.BENCH_TRACE_BACKENDS?.split(',');
  const want = (name: string) => !only || only.includes(name);
  const ds = createDataSource(ctx.databaseUrl, WRITERS + 2);
  await ds.initialize();
  const db = new Db(ds);
  const rates: Record<string, number> = {};
  try {
    const mb = (bytes: unknown) => `${fmt(Number(bytes) / 1048576)} MB`;
    const pgBytes = async (where: string) =>
      (await db.query<{ n: string }>(`SELECT coalesce(sum(pg_total_relation_size(oid)), 0) AS n FROM pg_class WHERE ${where}`))[0].n;
    if (want('postgres')) {
      rates.postgres = await measure(
        'postgres',
        new PostgresTraceStore(db),
        total,
        reads,
        async () => {
          return `on disk ${mb(await pgBytes(`relkind = 'r' AND (relname LIKE 'spans_p%' OR relname = 'traces')`))} (tables and indexes)`;
          // the reads run on a settled table, as autovacuum keeps it: right after a bulk load its statistics lag
          // and the planner may take a trigram or models bitmap scan where the list order finds 50 rows sooner
        },
        () => db.execute('VACUUM ANALYZE traces').then(() => undefined),
      );
    }
    const chUrl = process.env.CLICKHOUSE_URL;
    if (want('clickhouse') && !chUrl) console.log('trace-store clickhouse: skipped (CLICKHOUSE_URL is not set)');
    if (want('clickhouse') && chUrl) {
      const u = new URL(chUrl);
      const database = `bench_${randomBytes(4).toString('hex')}`;
      u.pathname = `/${database}`;
      await applyClickHouseMigrations(u.toString());
      const store = new ClickHouseTraceStore(openClickHouse(u.toString()), new PostgresTraceRegistry(db));
      const client = openClickHouse(u.toString(), { maxConnections: 1 });
      try {
        rates.clickhouse = await measure('clickhouse', store, total, reads, async () => {
          const [parts] = await (
            await client.query({
              query: 'SELECT sum(bytes_on_disk) AS n FROM system.parts WHERE database = currentDatabase() AND active',
              format: 'JSONEachRow',
            })
          ).json<{ n: string }>();
          return `on disk ${mb(parts.n)} in ClickHouse + ${mb(await pgBytes(`relname = 'trace_registry'`))} of registry in Postgres`;
        });
      } finally {
        await client.close();
        const admin = openClickHouse(u.toString(), { database: null, maxConnections: 1 });
        if (process.env.BENCH_TRACE_KEEP) console.log(`trace-store clickhouse: kept database ${database}`);
        else await admin.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
        await admin.close();
        await store.onModuleDestroy();
      }
    }
    if (rates.postgres && rates.clickhouse) {
      console.log(`trace-store ingest clickhouse/postgres ratio=${fmt(rates.clickhouse / rates.postgres, 2)}`);
    }
  } finally {
    await ds.destroy();
  }
}
