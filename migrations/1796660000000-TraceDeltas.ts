import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a batch continuing traces that exist appends its summary of each to `trace_deltas` instead of locking
 * the trace's row until it commits (src/modules/ingestion/storage/postgres/postgres-trace-store.ts, FOLD_DELTAS;
 * README, Performance, step 14). Hand-written (the table is not in ENTITIES). A queue, not a store: rows live for
 * milliseconds (folded into `traces` and deleted), so no index — a fold reads them all —, vacuumed by the ingest
 * processes every second (PostgresTraceStore.foldAndVacuum) and never truncated (the space is reused; a truncation
 * would take the table's exclusive lock while batches append to it).
 */
export class TraceDeltas1796660000000 implements MigrationInterface {
  name = 'TraceDeltas1796660000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "trace_deltas" (
      "workspace_id" uuid NOT NULL,
      "trace_id" uuid NOT NULL,
      "trace_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "span_count" integer NOT NULL,
      "error_count" integer NOT NULL,
      "ok_count" integer NOT NULL,
      "input_tokens" bigint NOT NULL,
      "output_tokens" bigint NOT NULL,
      "total_tokens" bigint NOT NULL,
      "cost_count" integer NOT NULL,
      "total_cost_usd" numeric,
      "start_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "end_time" TIMESTAMP WITH TIME ZONE,
      "name" character varying(512),
      "kind" character varying(16),
      "name_span_id" character varying(16) COLLATE "C" NOT NULL,
      "name_root" boolean NOT NULL,
      "name_start_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "models" text array NOT NULL
    ) WITH (vacuum_truncate = false)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // the deltas are the only record of those batches' summaries: refuse while some are pending (any read of traces
    // by this version folds them)
    await queryRunner.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM "trace_deltas") THEN
        RAISE EXCEPTION 'trace_deltas holds trace summaries not folded yet: read the traces once (GET /api/v1/traces) with this version, then migrate down';
      END IF;
    END $$`);
    await queryRunner.query(`DROP TABLE "trace_deltas"`);
  }
}
