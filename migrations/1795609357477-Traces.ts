import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trace storage, written by hand (TypeORM cannot express a partitioned table; neither table is in
 * ENTITIES, so the drift check ignores them). See src/modules/ingestion/storage/postgres-trace-store.ts.
 *
 * - `traces`: one summary row per trace, maintained by ingestion; the list endpoint reads only this.
 * - `spans`: partitioned by month (UTC) on `trace_time`, the trace's start as first seen, fixed for the
 *   life of the trace. All spans of a trace live in one partition, so (workspace, trace, span) is unique
 *   through the primary key, a trace is read from one partition, and retention removes whole traces.
 *   Partitions are created ahead by the worker (`ingestion-partitions`) and on demand by ingestion.
 */
export class Traces1795609357477 implements MigrationInterface {
  name = 'Traces1795609357477';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "traces" (
      "workspace_id" uuid NOT NULL,
      "trace_id" uuid NOT NULL,
      "trace_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "name" character varying(512),
      "start_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "end_time" TIMESTAMP WITH TIME ZONE,
      "status" character varying(8) NOT NULL DEFAULT 'unset',
      "span_count" integer NOT NULL DEFAULT 0,
      "input_tokens" bigint NOT NULL DEFAULT 0,
      "output_tokens" bigint NOT NULL DEFAULT 0,
      "total_tokens" bigint NOT NULL DEFAULT 0,
      "total_cost_usd" numeric NOT NULL DEFAULT 0,
      "error_alerted" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_traces" PRIMARY KEY ("workspace_id", "trace_id"),
      CONSTRAINT "ck_traces_status" CHECK ("status" IN ('ok', 'error', 'unset'))
    )`);
    // GET /api/v1/traces: newest first, optionally by status; the cursor is (start_time, trace_id).
    await queryRunner.query(`CREATE INDEX "ix_traces_recent" ON "traces" ("workspace_id", "start_time" DESC, "trace_id" DESC)`);
    await queryRunner.query(
      `CREATE INDEX "ix_traces_status_recent" ON "traces" ("workspace_id", "status", "start_time" DESC, "trace_id" DESC)`,
    );
    // retention: a workspace's traces older than its cutoff
    await queryRunner.query(`CREATE INDEX "ix_traces_retention" ON "traces" ("workspace_id", "trace_time")`);

    await queryRunner.query(`CREATE TABLE "spans" (
      "workspace_id" uuid NOT NULL,
      "trace_id" uuid NOT NULL,
      "span_id" character varying(16) COLLATE "C" NOT NULL,
      "trace_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "parent_span_id" character varying(16) COLLATE "C",
      "name" character varying(512) NOT NULL,
      "kind" character varying(16) NOT NULL,
      "start_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "end_time" TIMESTAMP WITH TIME ZONE,
      "status" character varying(8) NOT NULL,
      "status_message" text,
      "input" jsonb,
      "output" jsonb,
      "attributes" jsonb,
      "model" character varying(256),
      "input_tokens" bigint,
      "output_tokens" bigint,
      "total_tokens" bigint,
      "cost_usd" numeric(18,9),
      "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_spans" PRIMARY KEY ("workspace_id", "trace_id", "span_id", "trace_time")
    ) PARTITION BY RANGE ("trace_time")`);
    // This month and the next two; the worker keeps creating them ahead, ingestion on demand.
    await queryRunner.query(`DO $$
      DECLARE m date;
      BEGIN
        FOR i IN 0..2 LOOP
          m := (date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i))::date;
          EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF spans FOR VALUES FROM (%L) TO (%L)',
            'spans_p' || to_char(m, 'YYYY_MM'), m::text || ' 00:00:00+00', (m + interval '1 month')::date::text || ' 00:00:00+00');
        END LOOP;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "spans"`);
    await queryRunner.query(`DROP TABLE "traces"`);
  }
}
