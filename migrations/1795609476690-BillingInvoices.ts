import { MigrationInterface, QueryRunner } from 'typeorm';

export class BillingInvoices1795609476690 implements MigrationInterface {
  name = 'BillingInvoices1795609476690';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "billing_invoices" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "stripe_invoice_id" character varying(255) NOT NULL, "number" character varying(64), "status" character varying(16) NOT NULL, "amount_due" bigint NOT NULL, "amount_paid" bigint NOT NULL, "currency" character varying(3) NOT NULL, "period_start" TIMESTAMP WITH TIME ZONE, "period_end" TIMESTAMP WITH TIME ZONE, "hosted_invoice_url" text, "pdf_url" text, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_event_at" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9dbe3b4ca302c61707224bf3835" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_billing_invoices_stripe_id" ON "billing_invoices"  ("stripe_invoice_id") `);
    await queryRunner.query(`CREATE INDEX "ix_billing_invoices_workspace" ON "billing_invoices"  ("workspace_id", "issued_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "billing_webhook_events" ("id" character varying(255) NOT NULL, "type" character varying(100) NOT NULL, "event_created" bigint NOT NULL, "workspace_id" uuid, "outcome" character varying(16) NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a4c2d2eae68da905a0b6063d0ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_billing_webhook_events_processed" ON "billing_webhook_events"  ("processed_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "billing_webhook_events"`);
    await queryRunner.query(`DROP TABLE "billing_invoices"`);
  }
}
