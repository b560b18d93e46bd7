import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ingestion health (issue 19 item 4): hourly counters per workspace and the latest refusals. */
export class IngestHealth1796640000000 implements MigrationInterface {
  name = 'IngestHealth1796640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ingest_health_hourly" ("workspace_id" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted" bigint NOT NULL DEFAULT '0', "sampled_out" bigint NOT NULL DEFAULT '0', "rejected_validation" bigint NOT NULL DEFAULT '0', "rejected_quota" bigint NOT NULL DEFAULT '0', "rejected_rate_limited" bigint NOT NULL DEFAULT '0', "rejected_too_large" bigint NOT NULL DEFAULT '0', "rejected_key" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_ingest_health_hourly" PRIMARY KEY ("workspace_id", "hour"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_ingest_health_hourly_hour" ON "ingest_health_hourly" ("hour") `);
    await queryRunner.query(
      `CREATE TABLE "ingest_health_errors" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "source" character varying(8) NOT NULL, "code" character varying(64) NOT NULL, "message" character varying(500) NOT NULL, "key_prefix" character varying(16), CONSTRAINT "PK_ingest_health_errors" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_ingest_health_errors_workspace" ON "ingest_health_errors" ("workspace_id", "at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_ingest_health_errors_workspace"`);
    await queryRunner.query(`DROP TABLE "ingest_health_errors"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ingest_health_hourly_hour"`);
    await queryRunner.query(`DROP TABLE "ingest_health_hourly"`);
  }
}
