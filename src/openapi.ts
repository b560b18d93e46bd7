import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const PROBLEM_REF = '#/components/schemas/ProblemDto';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** The OpenAPI 3.0 document, deterministic (sorted keys, no timestamps, no environment values). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Agent Monitoring API')
    .setDescription('Control plane of the Agent Monitoring platform: auth, API keys, workspace, team, billing, integrations, trace ingestion and audit. Errors are RFC 9457 problem details.')
    .setVersion('1.0.0')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'User access token (ao_at_…) or workspace API key (ao_sk_…)' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Workspace API key (OTLP exporters)' }, 'x-api-key')
    .build();
  const doc = SwaggerModule.createDocument(app, config, { deepScanRoutes: true });
  // Error responses are application/problem+json (RFC 9457).
  for (const path of Object.values(doc.paths)) {
    for (const op of Object.values(path) as { responses?: Record<string, { content?: Record<string, unknown> }> }[]) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      for (const [status, res] of Object.entries(op.responses)) {
        const json = res.content?.['application/json'] as { schema?: { $ref?: string } } | undefined;
        if (Number(status) >= 400 && json?.schema?.$ref === PROBLEM_REF) res.content = { 'application/problem+json': json };
      }
    }
  }
  return sortKeys(doc) as OpenAPIObject;
}

export function setupSwagger(app: INestApplication): OpenAPIObject {
  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json', yamlDocumentUrl: 'docs/openapi.yaml', ui: true, raw: ['json', 'yaml'] });
  return doc;
}
