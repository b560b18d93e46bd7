import { NestFactory } from '@nestjs/core';
import type { RouteOptions } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ProblemFilter } from './common/errors/problem.filter';
import { AppLogger, genReqId, logRequests, ROOT_LOGGER } from './common/logging';
import { Metrics } from './common/metrics/metrics';
import { validationPipe } from './common/validation/validation.pipe';
import { securityHeaders } from './common/web/security-headers';
import { serveWebApp } from './common/web/web-app';
import { AppConfig } from './config/config';
import { CREDENTIAL_RESOLVER, CredentialResolver } from './common/auth/credential-resolver';
import { clientErrorHandler, frameworkErrors, preflightProblem, RouteMethods } from './common/http/early-errors';
import { BodyPool, jsonObjectBodyReader, releaseBody } from './common/http/json-body';
import { RateLimitService } from './common/rate-limit/rate-limit.service';
import { applyRouteBodyOptions } from './common/http/request-body';
import { fastPathHook } from './common/http/fast-path';
import { AuthGuard, rateLimitUnroutedApi } from './common/auth/auth.guard';
import { setupSwagger } from './openapi';
import { INGEST_HEALTH_RECORDER, IngestHealthRecorder, ingestHealthHook } from './common/ingest-health';

export const JSON_BODY_LIMIT = 1024 * 1024;

export function createFastifyAdapter(config: AppConfig) {
  const headers = securityHeaders();
  return new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId,
    routerOptions: { maxParamLength: 300, ignoreTrailingSlash: false },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // errors before routing are problem+json too (431 headers too large, a URL that does not decode, …)
    clientErrorHandler: clientErrorHandler(headers),
    frameworkErrors: frameworkErrors(headers),
  } as never);
}

/** Builds the API application (used by main.ts, the tests and the OpenAPI emitter). */
export async function createApiApp(config: AppConfig, options: { preview?: boolean } = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), createFastifyAdapter(config), {
    bufferLogs: true,
    abortOnError: false,
    preview: options.preview ?? false,
    // no parsers of Nest's: configureApiApp registers the one JSON reader (it keeps `req.rawBody` for Stripe webhooks)
    bodyParser: false,
  });
  await configureApiApp(app, config, options.preview ?? false);
  return app;
}

export async function configureApiApp(app: NestFastifyApplication, config: AppConfig, preview = false) {
  if (!preview) app.useLogger(app.get(AppLogger));
  const pipe = validationPipe();
  app.useGlobalPipes(pipe);
  // Signals: main.ts stops the app gracefully and exits 0 (src/common/shutdown.ts), not Nest's enableShutdownHooks().
  const fastify = app.getHttpAdapter().getInstance();
  // per-route body limits and gzip (e.g. POST /api/v1/ingest: 5 MB decompressed); must precede route registration
  fastify.addHook('onRoute', applyRouteBodyOptions);
  // the methods of each path, so that a known path with another method is a 405 (with Allow), not a 404
  const routes = new RouteMethods();
  fastify.addHook('onRoute', routes.onRoute);
  const filter = new ProblemFilter(routes);
  app.useGlobalFilters(filter);
  // the hot routes (`@FastPath`: ingest, OTLP) served without Nest's per-request machinery, by the same guard, pipe and
  // filter (common/http/fast-path.ts); registered before the routes are
  if (!preview) {
    fastify.addHook(
      'onRoute',
      fastPathHook({
        instanceOf: (controller) => app.get(controller, { strict: false }),
        guard: app.get(AuthGuard, { strict: false }),
        pipes: [pipe],
        filter,
      }),
    );
  }
  // helmet's security headers (computed once) and the request id on every response, successes and errors alike
  const headers = securityHeaders();
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.headers(headers);
    reply.header('X-Request-Id', req.id);
    // API answers are per caller and may carry secrets (tokens, keys): never stored by a browser or a shared cache.
    // One rule for every route rather than per handler: everything under /api/, and anything asked with a credential.
    if (req.url.startsWith('/api/') || req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined) {
      reply.header('Cache-Control', 'no-store');
    }
    done();
  });
  // @fastify/cors answers a preflight without Origin or Access-Control-Request-Method with a text/plain 400, from a hook
  // that runs before ours: its catch-all OPTIONS route re-writes that answer as problem+json (no cost on other routes)
  fastify.addHook('onRoute', (route) => {
    if (route.method !== 'OPTIONS' || route.url !== '*') return;
    const existing = route.onSend ? (Array.isArray(route.onSend) ? route.onSend : [route.onSend]) : [];
    route.onSend = [...existing, preflightProblem(headers)] as RouteOptions['onSend'];
  });
  // JSON in (API.md): one parser for application/json — a JSON object nested at most 64 deep, else 400 before any other
  // work (common/http/json-body.ts). Nest adds no parsers of its own (`bodyParser: false`: no form parser), and Fastify's text/plain
  // parser is removed: bodies of those types get 415 before they are read, like every other non-JSON type (a form post
  // is also the one body a browser sends cross-site without a preflight). OTLP adds application/x-protobuf.
  const bodies = new BodyPool();
  fastify.addContentTypeParser('application/json', jsonObjectBodyReader(fastify, bodies));
  fastify.addHook('onResponse', releaseBody(bodies));
  fastify.removeContentTypeParser('text/plain');
  if (!preview) {
    // unknown paths under /api/ count against the rate limit (and carry RateLimit-*) like the routes
    fastify.addHook(
      'onRequest',
      rateLimitUnroutedApi(app.get(RateLimitService), app.get<CredentialResolver>(CREDENTIAL_RESOLVER, { strict: false })),
    );
    // ingestion health: one event per request of the ingest routes (common/ingest-health.ts)
    fastify.addHook(
      'onResponse',
      ingestHealthHook(
        app.get<IngestHealthRecorder>(INGEST_HEALTH_RECORDER, { strict: false }),
        app.get<CredentialResolver>(CREDENTIAL_RESOLVER, { strict: false }),
      ),
    );
    logRequests(fastify, app.get(ROOT_LOGGER));
    const metrics = app.get(Metrics);
    fastify.addHook('onResponse', (req, reply, done) => {
      metrics.observeHttp(req.method, req.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
  }
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
