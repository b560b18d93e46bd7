import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API part of issue 21 (hand-written: neither table is in ENTITIES):
 * - a trace's `total_cost_usd` is NULL when none of its spans has a cost (unknown is not zero): existing summaries
 *   of traces without any costed span become NULL;
 * - the span kinds `embedding`, `reranker`, `guardrail` and `evaluator`: spans that came through OTLP were stored as
 *   llm / retrieval / other; those whose attributes say what they are (OpenInference `openinference.span.kind`, GenAI
 *   `gen_ai.operation.name`, OpenLLMetry `llm.request.type`) get their own kind.
 * Span times were already stored with microsecond precision by the column type; nothing to convert.
 */
export class SpanKindsAndUnknownCosts1796529619533 implements MigrationInterface {
  name = 'SpanKindsAndUnknownCosts1796529619533';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "traces" ALTER COLUMN "total_cost_usd" DROP NOT NULL, ALTER COLUMN "total_cost_usd" DROP DEFAULT`);
    await queryRunner.query(`UPDATE "traces" t SET "total_cost_usd" = NULL
      WHERE t."total_cost_usd" = 0 AND NOT EXISTS (
        SELECT 1 FROM "spans" s WHERE s."workspace_id" = t."workspace_id" AND s."trace_id" = t."trace_id" AND s."trace_time" = t."trace_time"
           AND s."cost_usd" IS NOT NULL)`);
    await queryRunner.query(`UPDATE "spans" SET "kind" = CASE
        WHEN lower("attributes"->>'openinference.span.kind') = 'embedding' OR "attributes"->>'gen_ai.operation.name' = 'embeddings'
          OR lower("attributes"->>'llm.request.type') = 'embedding' THEN 'embedding'
        WHEN lower("attributes"->>'openinference.span.kind') = 'reranker' OR lower("attributes"->>'llm.request.type') = 'rerank' THEN 'reranker'
        WHEN lower("attributes"->>'openinference.span.kind') = 'guardrail' THEN 'guardrail'
        WHEN lower("attributes"->>'openinference.span.kind') = 'evaluator' THEN 'evaluator'
        ELSE "kind" END
      WHERE "kind" IN ('llm', 'retrieval', 'other') AND "attributes" IS NOT NULL
        AND ("attributes" ? 'openinference.span.kind' OR "attributes" ? 'gen_ai.operation.name' OR "attributes" ? 'llm.request.type')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "spans" SET "kind" = CASE "kind" WHEN 'embedding' THEN 'llm' WHEN 'reranker' THEN 'retrieval' ELSE 'other' END
      WHERE "kind" IN ('embedding', 'reranker', 'guardrail', 'evaluator')`);
    await queryRunner.query(`UPDATE "traces" SET "total_cost_usd" = 0 WHERE "total_cost_usd" IS NULL`);
    await queryRunner.query(`ALTER TABLE "traces" ALTER COLUMN "total_cost_usd" SET DEFAULT 0, ALTER COLUMN "total_cost_usd" SET NOT NULL`);
  }
}
