import { MigrationInterface, QueryRunner } from 'typeorm';

export class Billing1795608927309 implements MigrationInterface {
  name = 'Billing1795608927309';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_config" ("workspace_id" uuid NOT NULL, "plan" character varying(16) NOT NULL DEFAULT 'free', "status" character varying(16) NOT NULL DEFAULT 'active', "billing_cycle" character varying(8) NOT NULL DEFAULT 'monthly', "current_period_start" TIMESTAMP WITH TIME ZONE, "current_period_end" TIMESTAMP WITH TIME ZONE, "cancel_at_period_end" boolean NOT NULL DEFAULT false, "stripe_customer_id" character varying(255), "stripe_subscription_id" character varying(255), "billing_email" character varying(254), "has_payment_method" boolean NOT NULL DEFAULT false, "limits_override" jsonb, "last_subscription_event_at" bigint, "past_due_since" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92839d81cd1802539049c9814ed" PRIMARY KEY ("workspace_id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_billing_config_customer" ON "billing_config"  ("stripe_customer_id") WHERE stripe_customer_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "usage_periods" ("workspace_id" uuid NOT NULL, "period_start" date NOT NULL, "traces" bigint NOT NULL DEFAULT '0', "notified_thresholds" integer array NOT NULL DEFAULT '{}', CONSTRAINT "PK_2565fa5079a1adbecdad31f9f6e" PRIMARY KEY ("workspace_id", "period_start"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "usage_daily" ("workspace_id" uuid NOT NULL, "day" date NOT NULL, "traces" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_0e8e238107991207700a12f709f" PRIMARY KEY ("workspace_id", "day"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "usage_daily"`);
    await queryRunner.query(`DROP TABLE "usage_periods"`);
    await queryRunner.query(`DROP TABLE "billing_config"`);
  }
}
