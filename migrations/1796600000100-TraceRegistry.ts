import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace registry of the ClickHouse trace store (TRACE_STORE=clickhouse; unused with Postgres traces), written
 * by hand like `traces` (not in ENTITIES, so the drift check ignores it). See
 * src/modules/ingestion/storage/clickhouse/postgres-trace-registry.ts. One narrow row per trace, so that the
 * decisions that must be exact and transactional stay in Postgres with the quota and the outbox: which traces of a
 * batch are new (counted once toward the quota), which got their first error span (one `trace.error`), the trace's
 * partition month (`trace_time`, its start as first seen), and `version`, the per-trace write counter that orders a
 * span's versions in ClickHouse's ReplacingMergeTree.
 */
export class TraceRegistry1796600000100 implements MigrationInterface {
  name = 'TraceRegistry1796600000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "trace_registry" (
      "workspace_id" uuid NOT NULL,
      "trace_id" uuid NOT NULL,
      "trace_time" TIMESTAMP WITH TIME ZONE NOT NULL,
      "version" bigint NOT NULL DEFAULT 1,
      "first_error_version" bigint,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_trace_registry" PRIMARY KEY ("workspace_id", "trace_id")
    )`);
    // retention: a workspace's traces older than its cutoff, and whole months
    await queryRunner.query(`CREATE INDEX "ix_trace_registry_time" ON "trace_registry" ("workspace_id", "trace_time")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "trace_registry"`);
  }
}
