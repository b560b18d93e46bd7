/**
 * `ingest-write`: which batch write is fastest for the trace store, measured on the store itself (no
 * HTTP). Each batch is one transaction that upserts its traces and spans; same batches (500 realistic
 * spans, new traces), 4 concurrent writers:
 *  - `copy-direct` (production, PostgresTraceStore.write): traces upserted, then the spans of the traces
 *    it created COPYed straight into `spans` (they cannot conflict), the others upserted;
 *  - `json`: one INSERT … ON CONFLICT statement for traces and spans, the spans from one jsonb parameter;
 *  - `unnest`: the same statement, the spans from one array parameter per column;
 *  - `copy-staging`: COPY into a temporary staging table, then the same statement reading it.
 * The line's ratio is copy-direct / the best of the others.
 */
import { randomUUID } from 'node:crypto';
import { createDataSource } from '../src/database/data-source';
import { Db } from '../src/database/db';
import { isoFromUs, normalizeSpan, NormalizedSpan, jsonForStorage } from '../src/modules/ingestion/span-model';
import {
  JSON_SOURCE,
  PostgresTraceStore,
  spansJson,
  SUMMARY_PARAMS,
  summaryParams,
} from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { newTraceSummaries } from '../src/modules/ingestion/storage/postgres/trace-aggregates';
import { lastOfEach } from '../src/modules/ingestion/storage/trace-store';
import { spanColumns, UNNEST_SOURCE, writeStatement } from './lib/ingest-write-sql';
import { BenchContext, benchContext, fmt, runConcurrently } from './lib/harness';
import { makeSpans } from './lib/spans';

const BATCH = 500;
const WRITERS = 4;

const STAGE = `CREATE TEMP TABLE IF NOT EXISTS span_stage (trace_id uuid, span_id text, parent_span_id text, name text, kind text,
  start_time timestamptz, end_time timestamptz, status text, status_message text, input jsonb, output jsonb, attributes jsonb, model text,
  input_tokens int8, output_tokens int8, total_tokens int8, cost_usd numeric) ON COMMIT DELETE ROWS`;

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
const cell = (v: string | number | null | undefined) => (v === null || v === undefined ? '\\N' : esc(String(v)));

function stageText(spans: NormalizedSpan[]): string {
  let out = '';
  for (const s of spans) {
    out +=
      [
        s.traceId,
        s.spanId,
        cell(s.parentSpanId),
        cell(s.name),
        s.kind,
        isoFromUs(s.startUs),
        s.endUs === null ? '\\N' : isoFromUs(s.endUs),
        s.status,
        cell(s.statusMessage),
        cell(jsonForStorage(s.input)),
        cell(jsonForStorage(s.output)),
        cell(jsonForStorage(s.attributes)),
        cell(s.model),
        cell(s.usage?.inputTokens),
        cell(s.usage?.outputTokens),
        cell(s.usage?.totalTokens),
        cell(s.costUsd),
      ].join('\t') + '\n';
  }
  return out;
}

/** PostgresTraceStore.write with another source for the same statement. */
async function writeVia(
  variant: 'copy' | 'unnest' | 'json',
  db: Db,
  store: PostgresTraceStore,
  workspaceId: string,
  batch: NormalizedSpan[],
) {
  const spans = lastOfEach(batch);
  type Row = { inserted: boolean };
  await db.transaction(async (tx) => {
    let rows: Row[];
    if (variant === 'copy') {
      await tx.query(STAGE);
      await tx.copyFrom('COPY span_stage FROM STDIN', stageText(spans));
      rows = await tx.query<Row>(writeStatement('SELECT * FROM span_stage', 2, `$${2 + SUMMARY_PARAMS}`), [
        workspaceId,
        ...summaryParams(newTraceSummaries(spans)),
        [],
      ]);
    } else if (variant === 'json') {
      rows = await tx.query<Row>(writeStatement(JSON_SOURCE, 3, `$${3 + SUMMARY_PARAMS}`), [
        workspaceId,
        spansJson(spans),
        ...summaryParams(newTraceSummaries(spans)),
        [],
      ]);
    } else {
      rows = await tx.query<Row>(writeStatement(UNNEST_SOURCE, 19, `$${19 + SUMMARY_PARAMS}`), [
        workspaceId,
        ...spanColumns(spans),
        ...summaryParams(newTraceSummaries(spans)),
        [],
      ]);
    }
    // every batch creates its traces (fresh ids): nothing to update incrementally
    if (rows.some((r) => !r.inserted)) throw new Error('ingest-write: a batch met an existing trace');
  });
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 80);
  const now = Date.now();
  const make = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => makeSpans(BATCH, seed + i).map((s) => normalizeSpan(s, now)));
  const ds = createDataSource(ctx.databaseUrl, WRITERS);
  await ds.initialize();
  const db = new Db(ds);
  const store = new PostgresTraceStore(db);
  await store.prepare(new Date(now - 3600_000));
  const noop = { dropIfNew: new Set<string>(), beforeCommit: async () => undefined };
  try {
    const variants = ['copy-direct', 'json', 'unnest', 'copy'] as const;
    const seconds: Record<string, number> = { 'copy-direct': 0, json: 0, unnest: 0, copy: 0 };
    // two rounds in opposite orders, so no variant always runs on the largest table or in the same load
    for (const round of [0, 1]) {
      for (const variant of round === 0 ? variants : [...variants].reverse()) {
        const workspaceId = randomUUID();
        const data = make(Math.ceil(batches / 2), 10_000 * (round + 1) + variants.indexOf(variant) * 2000);
        seconds[variant] += await runConcurrently(data.length, WRITERS, (i) =>
          variant === 'copy-direct'
            ? store.write(workspaceId, data[i], noop).then(() => undefined)
            : writeVia(variant, db, store, workspaceId, data[i]),
        );
      }
    }
    const spans = Math.ceil(batches / 2) * 2 * BATCH;
    const rate = (v: string) => spans / seconds[v];
    const best = Math.max(rate('json'), rate('unnest'), rate('copy'));
    console.log(
      `ingest-write copy-direct=${fmt(rate('copy-direct'))} json=${fmt(rate('json'))} unnest=${fmt(rate('unnest'))} ` +
        `copy-staging=${fmt(rate('copy'))} spans/s (trace store only, ${spans} spans each, ${BATCH}/batch, ${WRITERS} writers) ` +
        `ratio=${fmt(rate('copy-direct') / best, 2)}`,
    );
  } finally {
    await ds.destroy();
  }
}
