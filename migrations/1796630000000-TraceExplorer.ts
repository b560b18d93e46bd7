import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22 (API part): the trace list's `kind` and `models`, its filters and `GET /traces/stats`, answered from
 * `traces` alone. Hand-written (the table is not in ENTITIES).
 * - `kind`: the kind of the naming span (the root, else the earliest span), kept with `name` by ingestion;
 * - `models`: the distinct models of the trace's spans, sorted (a batch adds its own, a resend that drops one
 *   recomputes the trace);
 * - indexes for the filters: `?kind=` (b-tree in list order, like status), `?model=` (GIN on `models`), `?name=`
 *   (trigram GIN for the case-insensitive substring, from the pg_trgm contrib extension, which a database owner
 *   may create: it is a trusted extension).
 * Existing traces are backfilled from their spans, one partition at a time (each trace lives in one).
 */
export class TraceExplorer1796630000000 implements MigrationInterface {
  name = 'TraceExplorer1796630000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`ALTER TABLE "traces"
      ADD COLUMN "kind" character varying(16),
      ADD COLUMN "models" text[] NOT NULL DEFAULT '{}'`);
    const partitions: { name: string }[] = await queryRunner.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'spans'::regclass ORDER BY 1`,
    );
    for (const { name } of partitions) {
      await queryRunner.query(`UPDATE "traces" t SET "kind" = a.kind, "models" = a.models
        FROM (
          SELECT s."workspace_id", s."trace_id", s."trace_time",
                 (array_agg(s."kind" ORDER BY s."parent_span_id" IS NOT NULL, s."start_time", s."span_id"))[1] AS kind,
                 coalesce(array_agg(DISTINCT s."model"::text COLLATE "C" ORDER BY s."model"::text COLLATE "C")
                   FILTER (WHERE s."model" IS NOT NULL), '{}') AS models
            FROM "${name}" s
           GROUP BY s."workspace_id", s."trace_id", s."trace_time"
        ) a
       WHERE t."workspace_id" = a."workspace_id" AND t."trace_id" = a."trace_id" AND t."trace_time" = a."trace_time"`);
    }
    await queryRunner.query(
      `CREATE INDEX "ix_traces_kind_recent" ON "traces" ("workspace_id", "kind", "start_time" DESC, "trace_id" DESC)`,
    );
    await queryRunner.query(`CREATE INDEX "ix_traces_models" ON "traces" USING gin ("models")`);
    await queryRunner.query(`CREATE INDEX "ix_traces_name_trgm" ON "traces" USING gin ("name" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_traces_name_trgm"`);
    await queryRunner.query(`DROP INDEX "ix_traces_models"`);
    await queryRunner.query(`DROP INDEX "ix_traces_kind_recent"`);
    await queryRunner.query(`ALTER TABLE "traces" DROP COLUMN "kind", DROP COLUMN "models"`);
    // the extension goes too unless something else came to use it
    await queryRunner.query(`DO $$ BEGIN
        DROP EXTENSION IF EXISTS pg_trgm;
      EXCEPTION WHEN dependent_objects_still_exist THEN NULL;
      END $$`);
  }
}
