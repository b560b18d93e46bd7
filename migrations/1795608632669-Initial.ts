import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795608632669 implements MigrationInterface {
  name = 'Initial1795608632669';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(100) NOT NULL, "password_hash" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "token_digest" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sessions_user" ON "sessions"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sessions_token_digest" ON "sessions"  ("token_digest") `);
    await queryRunner.query(
      `CREATE TABLE "workspaces" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "slug" character varying(63) NOT NULL, "timezone" character varying(64) NOT NULL DEFAULT 'UTC', "settings" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_workspaces_slug" ON "workspaces"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "team_members" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "invited_by" uuid, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE, "last_active_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca3eae89dcf20c9fd95bf7460aa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_team_members_user" ON "team_members"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_team_members_workspace_status" ON "team_members"  ("workspace_id", "status", "joined_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_members_workspace_user" ON "team_members"  ("workspace_id", "user_id") `);
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "key_digest" character(64) NOT NULL, "role" character varying(16) NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_digest" ON "api_keys"  ("key_digest") `);
    await queryRunner.query(`CREATE INDEX "ix_api_keys_workspace" ON "api_keys"  ("workspace_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "audit_logs" ("id" uuid NOT NULL, "workspace_id" uuid NOT NULL, "action" character varying(64) NOT NULL, "actor_type" character varying(16) NOT NULL, "actor_id" character varying(64), "target_type" character varying(32) NOT NULL, "target_id" character varying(64), "metadata" jsonb NOT NULL DEFAULT '{}', "ip" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1bb179d048bbc581caa3b013439" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_logs_workspace_created" ON "audit_logs"  ("workspace_id", "created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" uuid NOT NULL, "queue" character varying(64) NOT NULL, "job" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_outbox_pending" ON "outbox"  ("created_at") WHERE dispatched_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("scope" character varying(100) NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "state" character varying(16) NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_idempotency_keys_created" ON "idempotency_keys"  ("created_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_idempotency_keys_created"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_pending"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_logs_workspace_created"`);
    await queryRunner.query(`DROP TABLE "audit_logs"`);
    await queryRunner.query(`DROP INDEX "public"."ix_api_keys_workspace"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_digest"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."uq_team_members_workspace_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_team_members_workspace_status"`);
    await queryRunner.query(`DROP INDEX "public"."ix_team_members_user"`);
    await queryRunner.query(`DROP TABLE "team_members"`);
    await queryRunner.query(`DROP INDEX "public"."uq_workspaces_slug"`);
    await queryRunner.query(`DROP TABLE "workspaces"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sessions_token_digest"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sessions_user"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
  }
}
