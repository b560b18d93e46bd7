import { MigrationInterface, QueryRunner } from 'typeorm';

export class Integrations1795609795587 implements MigrationInterface {
  name = 'Integrations1795609795587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "integrations_config" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "type" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "enabled" boolean NOT NULL DEFAULT false, "config" jsonb, "credentials" text, "health_status" character varying(16) NOT NULL DEFAULT 'unknown', "last_checked_at" TIMESTAMP WITH TIME ZONE, "last_success_at" TIMESTAMP WITH TIME ZONE, "last_error" character varying(500), "consecutive_failures" integer NOT NULL DEFAULT '0', "auto_disabled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4c3d8b202c7971c2b4ac458574b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_integrations_config_enabled" ON "integrations_config"  ("id") WHERE enabled`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_integrations_config_workspace_type" ON "integrations_config"  ("workspace_id", "type") `,
    );
    await queryRunner.query(
      `CREATE TABLE "integration_deliveries" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "integration_id" uuid NOT NULL, "integration_type" character varying(16) NOT NULL, "event_id" character varying(100) NOT NULL, "event_type" character varying(32) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "response_status" integer, "latency_ms" integer, "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d8ccb7a6e471cdb4ec5a3972ed6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_integration_deliveries_created" ON "integration_deliveries"  ("created_at") `);
    await queryRunner.query(
      `CREATE INDEX "ix_integration_deliveries_list" ON "integration_deliveries"  ("workspace_id", "integration_type", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_integration_deliveries_event" ON "integration_deliveries"  ("event_id", "integration_id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "integration_deliveries"`);
    await queryRunner.query(`DROP TABLE "integrations_config"`);
  }
}
