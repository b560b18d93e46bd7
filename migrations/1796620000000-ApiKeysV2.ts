import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Keys v2 (issue 23 item 1): a key's `scope` (`full` | `ingest`), its optional expiry, and for a rotated key the end of
 * its grace period and the key that replaced it. Existing keys become `full` keys without expiry (what they were).
 */
export class ApiKeysV21796620000000 implements MigrationInterface {
  name = 'ApiKeysV21796620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "scope" character varying(16) NOT NULL DEFAULT 'full'`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "expires_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "grace_ends_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD "rotated_to" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // A rotated key past its grace must not come back to life under the previous code (which knows no grace): revoke it.
    await queryRunner.query(`UPDATE "api_keys" SET "revoked_at" = "grace_ends_at" WHERE "revoked_at" IS NULL AND "grace_ends_at" <= now()`);
    // An expired key likewise (the previous code knows no expiry).
    await queryRunner.query(`UPDATE "api_keys" SET "revoked_at" = "expires_at" WHERE "revoked_at" IS NULL AND "expires_at" <= now()`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "rotated_to"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "grace_ends_at"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "expires_at"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "scope"`);
  }
}
