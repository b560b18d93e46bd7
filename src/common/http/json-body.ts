import { errorCodes } from 'fastify';
import type { FastifyBodyParser, FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DomainError } from '../errors/domain-error';
import { JSON_DEPTH_WASM } from './json-depth.wasm';
import { RouteBodyOptions, routeBodyOptions } from './request-body';

/** Deepest nesting of arrays and objects a JSON body may have (API.md Conventions). */
export const MAX_JSON_DEPTH = 64;

// The scan reads 32 bytes per step: the text is followed by 32 zero bytes in the module's memory.
const PAD = 32;
const PAGE = 65536;
// (the WebAssembly global of Node, typed here: the project's TypeScript libs have no DOM)
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
};
const wasm = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(JSON_DEPTH_WASM, 'base64')), {}).exports as {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  exceeds(len: number, max: number): number;
};
let memory = new Uint8Array(wasm.memory.buffer);

/**
 * True when the JSON text nests arrays and objects deeper than `max` (brackets inside strings do not count). One
 * pass over the bytes, before any parsing: a body nested 10,000 levels deep would otherwise be parsed and then
 * overflow the stack of whatever walks it next (validation, serialisation). The scan is json-depth.wat (WebAssembly
 * SIMD, 32 bytes per step): ~0.2 µs per KB here, against ~1.3 µs for the same loop in JavaScript and ~5 µs for the
 * JSON.parse that follows (bench/json-depth.ts). Invalid JSON is left to the parser.
 */
export function jsonDepthExceeds(text: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  const need = text.length + PAD;
  if (need > memory.length) {
    wasm.memory.grow(Math.ceil((need - memory.length) / PAGE));
    memory = new Uint8Array(wasm.memory.buffer);
  }
  memory.set(text, 0);
  memory.fill(0, text.length, need);
  return wasm.exceeds(text.length, max) === 1;
}

/** The first byte of the JSON value (after whitespace and a UTF-8 byte order mark), or -1. */
function firstByte(text: Uint8Array): number {
  let i = text.length >= 3 && text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf ? 3 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

const notAnObject = () =>
  new DomainError('validation_failed', 'The request body must be a JSON object', {
    errors: [{ field: 'body', message: 'must be a JSON object' }],
  });
const tooDeep = () =>
  new DomainError('validation_failed', `The request body is nested deeper than ${MAX_JSON_DEPTH} levels`, {
    errors: [{ field: 'body', message: `must not nest arrays and objects deeper than ${MAX_JSON_DEPTH} levels` }],
  });

/**
 * The `application/json` body parser of every route: every operation of this API that takes a body takes a JSON
 * object, so anything else (`null`, an array, a string, a number) is a 400 here; so is nesting deeper than
 * MAX_JSON_DEPTH (checked after the route's reader when that reader declines too deep bodies itself: `depthChecked`).
 * Then the route's own reader when it has one (`@RouteBody({ parse })`, e.g. POST /api/v1/ingest) and it
 * takes the body, else Fastify's own parser (secure-json-parse: `__proto__` and `constructor.prototype` keys refused).
 */
export function jsonObjectBodyParser(fastify: FastifyInstance): FastifyBodyParser<Buffer> {
  const parse = objectParser(fastify);
  return (request, body, done) => parse(request, body, done, routeReading(request));
}

/**
 * The route's `@RouteBody` options that apply to this request: none with an Idempotency-Key (its request hash is taken
 * from the value Fastify's own parser gives, and its record keeps that value: no route reader, no pooled memory).
 */
function routeReading(request: FastifyRequest): RouteBodyOptions | undefined {
  return request.headers['idempotency-key'] === undefined ? routeBodyOptions(request) : undefined;
}

/** `jsonObjectBodyParser`'s checks and readers, with the route's options already looked up. */
function objectParser(fastify: FastifyInstance) {
  // (typed for strings; it takes the body's bytes as a Buffer just as well)
  const parse = fastify.getDefaultJsonParser('error', 'error') as unknown as FastifyBodyParser<Buffer>;
  return (request: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void, options?: RouteBodyOptions) => {
    // an empty body is Fastify's own 400 (FST_ERR_CTP_EMPTY_JSON_BODY)
    if (body.length === 0) return parse(request, body, done);
    if (firstByte(body) !== 0x7b) return done(notAnObject(), undefined);
    const own = options?.parse;
    // a reader that declines too deep bodies itself (`depthChecked`) spares the scan of the bodies it takes
    const depthChecked = own !== undefined && options?.depthChecked === true;
    if (!depthChecked && jsonDepthExceeds(body)) return done(tooDeep(), undefined);
    if (own) {
      const value = own(body);
      if (value !== undefined) return done(null, value);
      if (depthChecked && jsonDepthExceeds(body)) return done(tooDeep(), undefined);
    }
    parse(request, body, done);
  };
}

/**
 * Buffers for request bodies, reused from request to request (`@RouteBody({ reuseMemory })`). A body read into fresh
 * memory (Fastify joins the chunks into a new Buffer) costs V8 more than the copy: every such allocation counts towards
 * the external memory that starts a young-generation collection (~32 MB: with 470 KB ingest bodies, one every ~20
 * requests), and each collection copies every object the requests in flight still hold. A buffer is handed back
 * (`give`) only once its response has been sent; one never handed back (an error before the handler, a handler that
 * threw past its reply) is simply collected.
 */
export class BodyPool {
  private readonly free: Buffer[] = [];

  constructor(
    /** buffers kept for reuse (about the requests in flight at once) */
    private readonly keep = 8,
    /** the smallest buffer allocated (a body without Content-Length starts there and doubles) */
    private readonly smallest = 1024 * 1024,
  ) {}

  /** A buffer of at least `bytes` (its contents are whatever the previous body left). */
  take(bytes: number): Buffer {
    for (let i = this.free.length - 1; i >= 0; i--) {
      if (this.free[i].length >= bytes) return this.free.splice(i, 1)[0];
    }
    return Buffer.allocUnsafeSlow(Math.max(bytes, this.smallest));
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }

  /** how many buffers wait for reuse (tests) */
  get size(): number {
    return this.free.length;
  }
}

/** the pooled buffer a request's body was read into (handed back by `releaseBody` after the response) */
const POOLED = Symbol('agentobs.pooledBody');
type WithPooled = FastifyRequest & { [POOLED]?: Buffer; rawBody?: Buffer };

/**
 * The `application/json` content-type parser (it reads the stream itself): Fastify's reading — the route's body limit
 * (413 `FST_ERR_CTP_BODY_TOO_LARGE`, checked against Content-Length first and against the bytes as they arrive,
 * decompressed or not), Content-Length must match the bytes received (400 `FST_ERR_CTP_INVALID_CONTENT_LENGTH`), a
 * stream error is a 400 unless it carries its own status — then `jsonObjectBodyParser` on the bytes. Bodies of routes
 * with `@RouteBody({ reuseMemory })` are read into a pooled buffer (`BodyPool`, handed back by the `onResponse` hook
 * `releaseBody`); the others into a new Buffer, also kept as `request.rawBody` (Stripe webhook signatures are
 * verified over the exact bytes).
 */
export function jsonObjectBodyReader(fastify: FastifyInstance, pool: BodyPool) {
  const parse = objectParser(fastify);
  return (request: FastifyRequest, payload: Readable, done: (err: Error | null, body?: unknown) => void): void => {
    const limit = request.routeOptions.bodyLimit;
    const contentLength = Number(request.headers['content-length']);
    if (contentLength > limit) return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    const options = routeReading(request);
    // (a gzip body: what the preParsing stream read off the wire, for the limit and Content-Length)
    const encodedLength = () => (payload as { receivedEncodedLength?: number }).receivedEncodedLength ?? 0;
    let pooled = options?.reuseMemory === true ? pool.take(Number.isNaN(contentLength) ? 0 : contentLength) : null;
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onEnd);
    };
    const onData = (chunk: Buffer) => {
      const at = received;
      received += chunk.length;
      if (received > limit || encodedLength() > limit) {
        stop();
        if (pooled) pool.give(pooled);
        return done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      }
      if (!pooled) return void chunks.push(chunk);
      if (received > pooled.length) {
        // no (or a wrong) Content-Length: a larger buffer, the bytes so far moved over
        const larger = pool.take(Math.min(limit, Math.max(received, 2 * pooled.length)));
        pooled.copy(larger, 0, 0, at);
        pool.give(pooled);
        pooled = larger;
      }
      chunk.copy(pooled, at);
    };
    const onEnd = (err?: Error & { statusCode?: number }) => {
      stop();
      if (err != null || (!Number.isNaN(contentLength) && (encodedLength() || received) !== contentLength)) {
        if (pooled) pool.give(pooled);
        if (err == null) return done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
        return done(err);
      }
      let body: Buffer;
      if (pooled) {
        (request as WithPooled)[POOLED] = pooled;
        body = pooled.subarray(0, received);
      } else {
        body = Buffer.concat(chunks, received);
        (request as WithPooled).rawBody = body;
      }
      parse(request, body, done, options);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onEnd);
    payload.resume();
  };
}

/** `onResponse` hook: hands a request's pooled body buffer back once its response has been sent. */
export function releaseBody(pool: BodyPool) {
  return (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    const pooled = (request as WithPooled)[POOLED];
    if (pooled) {
      (request as WithPooled)[POOLED] = undefined;
      pool.give(pooled);
    }
    done();
  };
}
