import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "A key never acts above its creator" (issue 17 item 1): a key created with an API key now records the user that
 * key acts for (`api_keys.created_by`), so removing or demoting that user reaches it. Keys created with a key before
 * had `created_by` NULL; their creation's audit entry (`api_key.created` by an `api_key` actor) names the key that
 * made them, whose user they get — level by level, for chains of keys. Data only; `down` keeps the attribution (it
 * stays true, and the previous code never reads it for such keys).
 */
export class ApiKeyCreatorsFromAudit1796600000000 implements MigrationInterface {
  name = 'ApiKeyCreatorsFromAudit1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // one level of a chain per round; a chain is never longer than the number of keys
    for (let round = 0; round < 1000; round++) {
      const [{ n }] = (await queryRunner.query(`WITH updated AS (
          UPDATE "api_keys" k SET "created_by" = parent."created_by"
            FROM "audit_logs" a JOIN "api_keys" parent ON parent."id"::text = a."actor_id"
           WHERE k."created_by" IS NULL AND parent."created_by" IS NOT NULL
             AND a."action" = 'api_key.created' AND a."actor_type" = 'api_key'
             AND a."target_id" = k."id"::text AND a."workspace_id" = k."workspace_id" AND parent."workspace_id" = k."workspace_id"
          RETURNING 1)
        SELECT count(*)::int AS n FROM updated`)) as { n: number }[];
      if (n === 0) return;
    }
  }

  public async down(): Promise<void> {
    // nothing to undo (see above)
  }
}
