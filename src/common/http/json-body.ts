import type { FastifyBodyParser, FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { JSON_DEPTH_WASM } from './json-depth.wasm';
import { routeBodyOptions } from './request-body';

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
  // (typed for strings; it takes the Buffer Fastify reads with parseAs 'buffer' just as well)
  const parse = fastify.getDefaultJsonParser('error', 'error') as unknown as FastifyBodyParser<Buffer>;
  return (request, body, done) => {
    // an empty body is Fastify's own 400 (FST_ERR_CTP_EMPTY_JSON_BODY)
    if (body.length === 0) return parse(request, body, done);
    if (firstByte(body) !== 0x7b) return done(notAnObject(), undefined);
    const options = request.headers['idempotency-key'] === undefined ? routeBodyOptions(request) : undefined;
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
