import { MigrationInterface, QueryRunner } from 'typeorm';

export class Invitations1795609395046 implements MigrationInterface {
  name = 'Invitations1795609395046';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "role" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "token_digest" character(64) NOT NULL, "invited_by_type" character varying(16) NOT NULL, "invited_by_id" uuid NOT NULL, "invited_by_name" character varying(120) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "email_status" character varying(16) NOT NULL DEFAULT 'pending', "email_outbox_id" uuid, "email_sent_at" TIMESTAMP WITH TIME ZONE, "email_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_invitations_token_digest" ON "invitations"  ("token_digest") `);
    await queryRunner.query(`CREATE INDEX "ix_invitations_pending_expiry" ON "invitations"  ("expires_at") WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX "ix_invitations_workspace_status" ON "invitations"  ("workspace_id", "status", "created_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_invitations_workspace_email_pending" ON "invitations"  ("workspace_id", "email") WHERE status = 'pending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "invitations"`);
  }
}
