/**
 * The HTTP side of OTLP/HTTP on Fastify: which routes speak it (`@OtlpRoute()`), the protobuf body parser,
 * and the per-request error shape. For those routes, from the first hook on, every error — Fastify's own
 * (body too large, bad gzip), the global AuthGuard's (401/403/429) and the handler's — is answered as a
 * google.rpc.Status in the request's encoding through the ProblemFilter's `problemResponder` hook, instead
 * of problem+json.
 */
import { applyDecorators, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error';
import type { Problem } from '../../common/errors/problem';
import { registerErrorBodyWriter } from '../../common/http/early-errors';
import { RouteBody } from '../../common/http/request-body';
import { MergeRouteConfig } from '../../common/http/route-config';
import { MAX_INGEST_BODY_BYTES } from '../ingestion/span-model';
import { CONTENT_TYPES, encodingOf, OtlpEncoding, statusBody } from './otlp/otlp-response';

const OTLP_ROUTE = 'agentobs:otlp';

/** What this module keeps on an OTLP request (and the ProblemFilter hook it sets). */
export interface OtlpRequest extends FastifyRequest {
  otlpEncoding?: OtlpEncoding;
  problemResponder?: (problem: Problem, reply: FastifyReply) => void;
}

/**
 * An OTLP/HTTP handler: body up to 5 MB after gzip decompression (the native ingestion limit, through
 * common/http's RouteBody), protobuf or JSON, errors as google.rpc.Status.
 */
export const OtlpRoute = () =>
  applyDecorators(RouteBody({ limit: MAX_INGEST_BODY_BYTES, gzip: true }), MergeRouteConfig({ [OTLP_ROUTE]: true }));

export const isOtlpRoute = (request: FastifyRequest): boolean =>
  (request.routeOptions?.config as unknown as Record<string, unknown> | undefined)?.[OTLP_ROUTE] === true;

/** Answers an error of an OTLP route as google.rpc.Status (headers such as Retry-After are already set). */
function respondWithStatus(encoding: OtlpEncoding, problem: Problem, reply: FastifyReply): void {
  reply
    .status(problem.status)
    .header('content-type', CONTENT_TYPES[encoding])
    .send(statusBody(encoding, problem.status, problem.detail));
}

/** The OTLP/HTTP paths (otel.controller.ts): errors raised before routing (405, 431, …) are google.rpc.Status there too. */
export const OTLP_PATHS = ['/v1/traces', '/api/v1/otel/v1/traces'] as const;

/** Registers the protobuf parser and the OTLP request hook on the Fastify instance (before it starts listening). */
export function registerOtlpHttp(fastify: FastifyInstance): void {
  registerErrorBodyWriter(OTLP_PATHS, (problem, contentType) => {
    const encoding = encodingOf(contentType) ?? 'json';
    return { contentType: CONTENT_TYPES[encoding], body: statusBody(encoding, problem.status, problem.detail) };
  });
  fastify.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer' }, (request, body, done) => {
    // Other routes keep answering this type as Fastify did before the parser existed.
    if (!isOtlpRoute(request))
      return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(String(request.headers['content-type']).slice(0, 100)), undefined);
    done(null, body);
  });
  fastify.addHook('onRequest', (request: OtlpRequest, _reply, done) => {
    if (!isOtlpRoute(request)) return done();
    const encoding = encodingOf(request.headers['content-type']);
    // an unsupported type has no OTLP encoding of its own: its 415 is answered in JSON
    request.otlpEncoding = encoding ?? 'json';
    request.problemResponder = (problem, reply) => respondWithStatus(request.otlpEncoding ?? 'json', problem, reply);
    // OTLP exports are idempotent by (traceId, spanId) already, and their protobuf answers cannot be replayed as JSON.
    delete request.headers['idempotency-key'];
    if (!encoding) {
      return done(new DomainError('unsupported_media_type', 'OTLP/HTTP accepts Content-Type application/x-protobuf or application/json'));
    }
    done();
  });
}

/** Installs `registerOtlpHttp` on the API's Fastify instance; a no-op in the worker (no HTTP adapter). */
@Injectable()
export class OtlpHttpSetup implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (!fastify || typeof fastify.addContentTypeParser !== 'function') return;
    registerOtlpHttp(fastify);
  }
}
