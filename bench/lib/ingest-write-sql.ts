/**
 * Write statements the `ingest-write` benchmark compares with the production path (PostgresTraceStore.write):
 * everything in ONE statement, the spans from a jsonb parameter, from one array per column, or from a staging table.
 * Bench-only: nothing in src/ uses them.
 */
import { isoFromUs, jsonForStorage, NormalizedSpan } from '../../src/modules/ingestion/span-model';
import { SPAN_COLUMNS, upsertSpansSql, upsertTracesSql } from '../../src/modules/ingestion/storage/postgres/postgres-trace-store';

/** The same relation from one array parameter per column ($2..$18), for the benchmark's comparison only. */
export const UNNEST_SOURCE = `SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
    $8::timestamptz[], $9::text[], $10::text[], $11::jsonb[], $12::jsonb[], $13::jsonb[], $14::text[], $15::int8[], $16::int8[],
    $17::int8[], $18::numeric[])
  AS v(trace_id, span_id, ${SPAN_COLUMNS})`;

/**
 * Everything in ONE statement (traces, then all spans with INSERT … ON CONFLICT from `source`). The
 * production path (`write`) instead COPYs the spans of new traces, which cannot conflict; this form is
 * kept for the `ingest-write` benchmark, which compares the two.
 */
export function writeStatement(source: string, summariesFrom: number, dropParam: string): string {
  return `
WITH up AS (${upsertTracesSql(summariesFrom, dropParam)}),
ins AS (${upsertSpansSql(source, `(SELECT trace_id, timestamptz 'epoch' + trace_us * interval '1 microsecond' AS trace_time FROM up) tr ON tr.trace_id = v.trace_id`)} RETURNING 1)
SELECT up.trace_id::text AS trace_id, up.inserted, (SELECT count(*) FROM ins)::int AS stored FROM up`;
}

/** Column arrays for UNNEST_SOURCE ($2..$18), in its column order (benchmark only). */
export function spanColumns(spans: NormalizedSpan[]): unknown[][] {
  const n = spans.length;
  const cols: unknown[][] = Array.from({ length: 17 }, () => new Array<unknown>(n));
  for (let i = 0; i < n; i++) {
    const s = spans[i];
    cols[0][i] = s.traceId;
    cols[1][i] = s.spanId;
    cols[2][i] = s.parentSpanId;
    cols[3][i] = s.name;
    cols[4][i] = s.kind;
    cols[5][i] = isoFromUs(s.startUs);
    cols[6][i] = s.endUs === null ? null : isoFromUs(s.endUs);
    cols[7][i] = s.status;
    cols[8][i] = s.statusMessage;
    cols[9][i] = jsonForStorage(s.input);
    cols[10][i] = jsonForStorage(s.output);
    cols[11][i] = jsonForStorage(s.attributes);
    cols[12][i] = s.model;
    cols[13][i] = s.usage ? s.usage.inputTokens : null;
    cols[14][i] = s.usage ? s.usage.outputTokens : null;
    cols[15][i] = s.usage ? s.usage.totalTokens : null;
    cols[16][i] = s.costUsd;
  }
  return cols;
}
