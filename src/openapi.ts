import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

const PROBLEM_REF = '#/components/schemas/ProblemDto';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The OpenAPI 3.0 schema that allows only `null` (3.0 has no `type: 'null'`). */
export const NULL_SCHEMA = Object.freeze({ type: 'object', nullable: true, enum: [null] });
/** Keywords that only describe a schema (they never change what it accepts). */
export const ANNOTATIONS = ['description', 'example', 'default', 'deprecated', 'readOnly', 'writeOnly', 'title'];

const isRef = (s: unknown): s is { $ref: string } => !!s && typeof s === 'object' && typeof (s as { $ref?: unknown }).$ref === 'string';

/**
 * Composition as OpenAPI 3.0 and Redocly's `recommended` rules want it (issue 17), from what Nest writes:
 * - "X or null": Nest writes `{ allOf: [{ $ref }], nullable: true, type: 'object' }` (openapi-python-client reads it as
 *   non-nullable) and `nullable` beside a `oneOf` has no `type` (3.0 requires one): both become
 *   `{ anyOf | oneOf: [..., NULL_SCHEMA] }`, the null alternative spelled out;
 * - a single-schema `allOf` (Nest's way to put a description beside a `$ref`): the `$ref` alone when nothing is
 *   beside it, else `allOf: [{ $ref }, { description, … }]` (3.0 ignores siblings of a `$ref`).
 * scripts/generate.mjs hands the SDK generators the equivalent 3.0 spelling they read best (generatorDialect), so the
 * generated clients keep their types.
 */
function normalizeComposition(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(normalizeComposition);
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.nullable === true && Array.isArray(o.allOf) && o.allOf.length === 1 && isRef(o.allOf[0])) {
    o.anyOf = [o.allOf[0], { ...NULL_SCHEMA }];
    delete o.allOf;
    delete o.type;
    delete o.nullable;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (o.nullable === true && o.type === undefined && Array.isArray(o[key])) {
      o[key] = [...(o[key] as unknown[]), { ...NULL_SCHEMA }];
      delete o.nullable;
    }
  }
  if (Array.isArray(o.allOf) && o.allOf.length === 1 && isRef(o.allOf[0])) {
    const annotations = Object.fromEntries(ANNOTATIONS.filter((k) => k in o).map((k) => [k, o[k]]));
    const others = Object.keys(o).filter((k) => k !== 'allOf' && !ANNOTATIONS.includes(k));
    if (!others.length) {
      if (Object.keys(annotations).length) {
        o.allOf = [o.allOf[0], annotations];
        for (const k of Object.keys(annotations)) delete o[k];
      } else {
        o.$ref = (o.allOf[0] as { $ref: string }).$ref;
        delete o.allOf;
      }
    }
  }
  Object.values(o).forEach(normalizeComposition);
}

/** The OpenAPI 3.0 document, deterministic (sorted keys, no timestamps, no environment values). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Agent Monitoring API')
    .setDescription(
      'Control plane of the Agent Monitoring platform: auth, API keys, workspace, team, billing, integrations, trace ingestion and audit. Errors are RFC 9457 problem details.',
    )
    .setVersion('1.0.0')
    .addServer('/')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'User access token (ao_at_…) or workspace API key (ao_sk_…)' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Workspace API key (OTLP exporters)' }, 'x-api-key')
    .build();
  const doc = SwaggerModule.createDocument(app, config, { deepScanRoutes: true });
  doc.info.license = { name: 'Proprietary' };
  documentCrossCuttingResponses(doc);
  normalizeComposition(doc.components);
  normalizeComposition(doc.paths);
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

type Operation = {
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, unknown> };
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
};

/**
 * What the framework answers for every route, besides what each handler declares, so the document tells the
 * whole truth (schemathesis checks every status against it): body problems on routes that take a body (400
 * invalid JSON, 413 too large, 415 other content types), the `Idempotency-Key` header on every POST (400 bad
 * key, 409 still in flight, 422 reused with another body), 401 on public routes (an invalid credential sent anyway)
 * and 503 when the database is unreachable. OTLP
 * routes answer google.rpc.Status and document their own errors; they ignore Idempotency-Key.
 */
function documentCrossCuttingResponses(doc: OpenAPIObject): void {
  const problem = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: PROBLEM_REF } } } });
  const add = (op: Operation, status: number, description: string, code: string) => {
    const existing = op.responses[String(status)];
    if (!existing) op.responses[String(status)] = problem(`${description} (\`${code}\`)`);
    else if (existing.content && !existing.description?.includes(code))
      existing.description = `${existing.description ?? ''}; ${description} (\`${code}\`)`.replace(/^; /, '');
  };
  for (const path of Object.values(doc.paths)) {
    for (const [method, op] of Object.entries(path) as [string, Operation][]) {
      if (!op || typeof op !== 'object' || !op.responses) continue;
      // Public operations (signup, login, invitation preview, Stripe webhooks) say so: an empty security requirement.
      op.security ??= [];
      // Path ids are UUIDs on every route (uuidPipe answers anything else with 404): say so to clients and fuzzers.
      for (const p of op.parameters ?? [])
        if (p.in === 'path' && p.name === 'id') (p as { schema?: unknown }).schema = { type: 'string', format: 'uuid' };
      const otlp = !!op.requestBody?.content?.['application/x-protobuf'];
      if (otlp) continue;
      if (op.requestBody) {
        add(op, 400, 'The body is not valid JSON or fails validation', 'validation_failed');
        add(op, 413, 'The body is larger than this endpoint accepts', 'payload_too_large');
        add(op, 415, 'Content-Type other than application/json', 'unsupported_media_type');
      }
      if (method === 'post') {
        op.parameters = op.parameters ?? [];
        if (!op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
          op.parameters.push({
            in: 'header',
            name: 'Idempotency-Key',
            required: false,
            description:
              'Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          } as never);
        }
        add(op, 400, 'Idempotency-Key longer than 255 characters', 'validation_failed');
        add(op, 409, 'A request with this Idempotency-Key is still in flight', 'idempotency_key_in_use');
        add(op, 422, 'This Idempotency-Key was used with a different body', 'idempotency_key_reused');
      }
      // public routes still resolve a credential when one is sent (accepting an invitation signed in): an invalid one is 401
      if (!op.responses['401']) add(op, 401, 'A credential was sent but is invalid, expired or revoked (send none)', 'unauthenticated');
      add(op, 503, 'A dependency (the database) is unavailable; retry later', 'upstream_unavailable');
    }
  }
}

export function setupSwagger(app: INestApplication): OpenAPIObject {
  const doc = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, doc, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    ui: true,
    raw: ['json', 'yaml'],
  });
  return doc;
}
