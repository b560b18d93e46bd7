import type { FastifyRequest, RouteOptions } from 'fastify';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DomainError } from '../errors/domain-error';
import { MergeRouteConfig } from './route-config';

export const BODY_OPTIONS = 'agentobs:body';

export interface RouteBodyOptions {
  /** largest body accepted (after decompression), instead of the global JSON limit */
  limit: number;
  /** accept `Content-Encoding: gzip` */
  gzip?: boolean;
  /**
   * A faster reader of this route's JSON bodies (e.g. the ingest body scanner): the body's bytes after the checks of
   * json-body.ts (a JSON object, not too deep) → the value the handler gets, or `undefined` to parse it as every
   * other route does (it must then give the same answer). Not used with an Idempotency-Key (its request hash is
   * taken from the parsed value).
   */
  parse?: (body: Buffer) => unknown;
  /**
   * `parse` declines every body nested deeper than MAX_JSON_DEPTH (json-body.ts): the body parser then skips its own
   * depth scan of the bodies `parse` takes, and runs it on those it declines.
   */
  depthChecked?: boolean;
  /**
   * Read the body into memory reused from request to request (json-body.ts `BodyPool`), handed back once the response
   * has been sent: no allocation per body, so fewer young-generation collections of V8 (each body-sized allocation
   * counts towards the external memory that triggers one). Only for handlers that keep nothing of the body (no view of
   * its bytes) past their response; not with an Idempotency-Key (its record keeps the parsed value).
   */
  reuseMemory?: boolean;
}

/** The route's `@RouteBody` options, if any (json-body.ts calls its `parse`). */
export function routeBodyOptions(request: FastifyRequest): RouteBodyOptions | undefined {
  const config = request.routeOptions?.config as unknown as Record<string, unknown> | undefined;
  return config?.[BODY_OPTIONS] as RouteBodyOptions | undefined;
}

/**
 * Per-route body options (the global limit stays at JSON_BODY_LIMIT): `@RouteBody({ limit, gzip })` on a
 * handler; `applyRouteBodyOptions`, an `onRoute` hook registered in app.factory.ts, applies them.
 */
export const RouteBody = (options: RouteBodyOptions) => MergeRouteConfig({ [BODY_OPTIONS]: options });

const tooLarge = (limit: number) =>
  new DomainError('payload_too_large', `The request body is larger than ${Math.floor(limit / 1024 / 1024)} MB (after decompression)`);

/** Fastify `onRoute` hook: per-route body limit, and gzip decompression capped at that limit. */
export function applyRouteBodyOptions(route: RouteOptions): void {
  const options = (route.config as Record<string, unknown> | undefined)?.[BODY_OPTIONS] as RouteBodyOptions | undefined;
  if (!options) return;
  route.bodyLimit = options.limit;
  const existing = route.preParsing ? (Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing]) : [];
  const decode = async (request: FastifyRequest, _reply: unknown, payload: Readable) => decodeBody(request, payload, options);
  route.preParsing = [...existing, decode] as RouteOptions['preParsing'];
}

/**
 * Decompresses a gzip body as it streams in and fails with 413 as soon as the decompressed size passes
 * the limit (a small "zip bomb" never expands in memory). `receivedEncodedLength` lets Fastify compare
 * the bytes on the wire with Content-Length.
 */
export function decodeBody(request: FastifyRequest, payload: Readable, options: RouteBodyOptions): Readable {
  const header = request.headers['content-encoding'];
  const encoding = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return payload;
  if (!options.gzip || (encoding !== 'gzip' && encoding !== 'x-gzip')) {
    throw new DomainError(
      'unsupported_media_type',
      `Content-Encoding "${encoding.slice(0, 40)}" is not supported; send gzip or no encoding`,
    );
  }
  let encoded = 0;
  let decoded = 0;
  payload.on('data', (chunk: Buffer) => {
    encoded += chunk.length;
  });
  const gunzip = createGunzip();
  const out = new PassThrough({
    transform(chunk: Buffer, _enc, done) {
      decoded += chunk.length;
      if (decoded > options.limit) return done(tooLarge(options.limit));
      done(null, chunk);
    },
  });
  const stop = () => {
    payload.unpipe(gunzip);
    gunzip.destroy();
  };
  payload.on('error', (err) => out.destroy(err));
  gunzip.on('error', () => out.destroy(new DomainError('validation_failed', 'The request body is not valid gzip')));
  out.on('close', stop);
  // When Fastify never reads the body (no Content-Type, or a type no parser takes), nobody else listens to
  // `out`: an error emitted then (e.g. an empty "gzip" body) must not be an unhandled 'error' that kills the process.
  out.on('error', () => undefined);
  payload.pipe(gunzip).pipe(out);
  Object.defineProperty(out, 'receivedEncodedLength', { get: () => encoded });
  return out;
}
