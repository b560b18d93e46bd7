import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { DomainError } from './common/errors/domain-error';
import { ProblemFilter } from './common/errors/problem.filter';
import { genReqId } from './common/logging';
import { Metrics } from './common/metrics/metrics';
import { validationPipe } from './common/validation/validation.pipe';
import { serveWebApp } from './common/web/web-app';
import { AppConfig } from './config/config';
import { applyRouteBodyOptions } from './modules/ingestion/http/request-body';
import { setupSwagger } from './openapi';

export const JSON_BODY_LIMIT = 1024 * 1024;

export function createFastifyAdapter(config: AppConfig) {
  return new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId,
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: false },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  } as never);
}

/** Builds the API application (used by main.ts, the tests and the OpenAPI emitter). */
export async function createApiApp(config: AppConfig, options: { preview?: boolean } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), createFastifyAdapter(config), {
    bufferLogs: true,
    abortOnError: false,
    preview: options.preview ?? false,
    // keeps the exact JSON bytes as `req.rawBody`: Stripe webhook signatures are verified over them
    rawBody: true,
  });
  await configureApiApp(app, config, options.preview ?? false);
  return app;
}

export async function configureApiApp(app: NestFastifyApplication, config: AppConfig, preview = false) {
  if (!preview) app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // Signals: main.ts stops the app gracefully and exits 0 (src/common/shutdown.ts), not Nest's enableShutdownHooks().
  const fastify = app.getHttpAdapter().getInstance();
  // per-route body limits and gzip (e.g. POST /api/v1/ingest: 5 MB decompressed); must precede route registration
  fastify.addHook('onRoute', applyRouteBodyOptions);
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('X-Request-Id', String(req.id));
  });
  // JSON in (API.md): Fastify parses text/plain and Nest adds a form parser; bodies of those types are refused with 415 like
  // every other non-JSON type (a form post is also the one body a browser sends cross-site without a preflight).
  fastify.addHook('preValidation', async (req) => {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && (type === 'text/plain' || type === 'application/x-www-form-urlencoded')) {
      throw new DomainError('unsupported_media_type', 'Unsupported Content-Type; send application/json');
    }
  });
  if (!preview) {
    const metrics = app.get(Metrics);
    fastify.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions?.url ?? 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  }
  await app.register(helmet as never, {
    // Swagger UI and the settings page load their own scripts and styles from this origin only.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'", "'unsafe-inline'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: null } },
    crossOriginEmbedderPolicy: false,
  });
  app.enableCors({
    // A list, not a string: @fastify/cors then answers only a matching Origin (echoed, with Vary: Origin); a string
    // would be sent as Access-Control-Allow-Origin to every origin.
    origin: [new URL(config.appUrl).origin],
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Content-Encoding', 'x-api-key'],
    exposedHeaders: ['X-Request-Id', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  });
  setupSwagger(app);
  // The settings page (web/dist, built by `make up`) at `/`; absent build → API only.
  if (config.serveWeb && !preview) await serveWebApp(app);
}
