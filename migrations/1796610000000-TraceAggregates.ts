import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: trace summaries maintained incrementally (src/modules/ingestion/storage/postgres/trace-aggregates.ts)
 * instead of recomputed from all of a trace's spans on every batch. Hand-written (the table is not in ENTITIES).
 * New counters on `traces`: `error_count`, `ok_count` (the status follows from them), `cost_count` (spans with a
 * cost: `total_cost_usd` is NULL while it is 0), and the rank of the naming span (`name_root`,
 * `name_start_time`, `name_span_id`: roots first, earliest start, smallest span id). Existing traces are
 * backfilled from their spans, one partition at a time (each trace lives in one).
 */
export class TraceAggregates1796610000000 implements MigrationInterface {
  name = 'TraceAggregates1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "traces"
      ADD COLUMN "error_count" integer NOT NULL DEFAULT 0,
      ADD COLUMN "ok_count" integer NOT NULL DEFAULT 0,
      ADD COLUMN "cost_count" integer NOT NULL DEFAULT 0,
      ADD COLUMN "name_span_id" character varying(16) COLLATE "C",
      ADD COLUMN "name_root" boolean NOT NULL DEFAULT false,
      ADD COLUMN "name_start_time" TIMESTAMP WITH TIME ZONE`);
    // room on each page for the new versions of a trace's row as its batches come in (heap-only updates: no index
    // entries when no indexed column changes, which is the common case of a continuation)
    await queryRunner.query(`ALTER TABLE "traces" SET (fillfactor = 70)`);
    const partitions: { name: string }[] = await queryRunner.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'spans'::regclass ORDER BY 1`,
    );
    for (const { name } of partitions) {
      await queryRunner.query(`UPDATE "traces" t SET
          "error_count" = a.error_count, "ok_count" = a.ok_count, "cost_count" = a.cost_count,
          "name_span_id" = a.name_span_id, "name_root" = a.name_root, "name_start_time" = a.name_start_time
        FROM (
          SELECT s."workspace_id", s."trace_id", s."trace_time",
                 (count(*) FILTER (WHERE s."status" = 'error'))::int AS error_count,
                 (count(*) FILTER (WHERE s."status" = 'ok'))::int AS ok_count,
                 count(s."cost_usd")::int AS cost_count,
                 (array_agg(s."span_id" ORDER BY s."parent_span_id" IS NOT NULL, s."start_time", s."span_id"))[1] AS name_span_id,
                 (array_agg(s."parent_span_id" IS NULL ORDER BY s."parent_span_id" IS NOT NULL, s."start_time", s."span_id"))[1] AS name_root,
                 (array_agg(s."start_time" ORDER BY s."parent_span_id" IS NOT NULL, s."start_time", s."span_id"))[1] AS name_start_time
            FROM "${name}" s
           GROUP BY s."workspace_id", s."trace_id", s."trace_time"
        ) a
       WHERE t."workspace_id" = a."workspace_id" AND t."trace_id" = a."trace_id" AND t."trace_time" = a."trace_time"`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "traces" RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE "traces" DROP COLUMN "error_count", DROP COLUMN "ok_count", DROP COLUMN "cost_count",
      DROP COLUMN "name_span_id", DROP COLUMN "name_root", DROP COLUMN "name_start_time"`);
  }
}
