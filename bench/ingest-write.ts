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
import { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { isoFromUs, normalizeSpan, NormalizedSpan, jsonForStorage } from '../src/modules/ingestion/span-model';
import {
  JSON_SOURCE,
  lastOfEach,
  PostgresTraceStore,
  spanColumns,
  spansJson,
  traceSummaries,
  UNNEST_SOURCE,
  writeStatement,
} from '../src/modules/ingestion/storage/postgres-trace-store';
import { monthOf } from '../src/modules/ingestion/storage/partitions';
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
  pool: Pool,
  store: PostgresTraceStore,
  workspaceId: string,
  batch: NormalizedSpan[],
) {
  const spans = lastOfEach(batch);
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    let rows;
    if (variant === 'copy') {
      await client.query(STAGE);
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom('COPY span_stage FROM STDIN'));
        stream.on('finish', resolve).on('error', reject);
        stream.end(stageText(spans));
      });
      ({ rows } = await client.query(writeStatement('SELECT * FROM span_stage', '$2', '$3'), [
        workspaceId,
        JSON.stringify(traceSummaries(spans)),
        [],
      ]));
    } else if (variant === 'json') {
      ({ rows } = await client.query(writeStatement(JSON_SOURCE, '$3', '$4'), [
        workspaceId,
        spansJson(spans),
        JSON.stringify(traceSummaries(spans)),
        [],
      ]));
    } else {
      ({ rows } = await client.query(writeStatement(UNNEST_SOURCE, '$19', '$20'), [
        workspaceId,
        ...spanColumns(spans),
        JSON.stringify(traceSummaries(spans)),
        [],
      ]));
    }
    await store.afterUpsert(client, workspaceId, rows, spans);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_INGEST_BATCHES ?? 80);
  const now = Date.now();
  const make = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => makeSpans(BATCH, seed + i).map((s) => normalizeSpan(s, now)));
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: WRITERS });
  pool.on('error', () => undefined); // idle connections closed when the bench database is dropped
  const store = new PostgresTraceStore(pool);
  await store.ensurePartitions([monthOf(now), monthOf(now - 3600_000)]);
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
            : writeVia(variant, pool, store, workspaceId, data[i]),
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
    await pool.end();
  }
}
