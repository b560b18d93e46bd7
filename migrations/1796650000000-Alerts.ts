import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 23: alert rules and their incidents (src/modules/alerts). `evaluated_slot` makes the scheduled evaluation
 * claim each rule once per interval; the partial unique index keeps at most one open or acknowledged incident per rule.
 */
export class Alerts1796650000000 implements MigrationInterface {
  name = 'Alerts1796650000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alert_rules" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "metric" character varying(16) NOT NULL, "window_minutes" integer NOT NULL, "operator" character varying(1) NOT NULL, "threshold" double precision NOT NULL, "filter" jsonb NOT NULL DEFAULT '{}', "integrations" character varying(16) array NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "last_evaluated_at" TIMESTAMP WITH TIME ZONE, "last_value" double precision, "clear_streak" integer NOT NULL DEFAULT '0', "evaluated_slot" bigint NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ae580564f087ffab9d229225aec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_alert_rules_enabled" ON "alert_rules"  ("id") WHERE enabled`);
    await queryRunner.query(`CREATE INDEX "ix_alert_rules_workspace" ON "alert_rules"  ("workspace_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "alert_incidents" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "rule_id" uuid NOT NULL, "rule_name" character varying(100) NOT NULL, "metric" character varying(16) NOT NULL, "window_minutes" integer NOT NULL, "operator" character varying(1) NOT NULL, "threshold" double precision NOT NULL, "integrations" character varying(16) array NOT NULL DEFAULT '{}', "status" character varying(16) NOT NULL, "value" double precision NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by_type" character varying(16), "acknowledged_by_id" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by_type" character varying(16), "resolved_by_id" uuid, "notified_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reminders" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_42d57ff33601326cfdcf0cba9b1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_alert_incidents_active_rule" ON "alert_incidents"  ("rule_id") WHERE status IN ('open', 'acknowledged')`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_alert_incidents_workspace_status" ON "alert_incidents"  ("workspace_id", "status", "opened_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "ix_alert_incidents_workspace" ON "alert_incidents"  ("workspace_id", "opened_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alert_incidents"`);
    await queryRunner.query(`DROP TABLE "alert_rules"`);
  }
}
