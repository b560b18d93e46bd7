import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BodyPool, jsonDepthExceeds, jsonObjectBodyParser, jsonObjectBodyReader, MAX_JSON_DEPTH, releaseBody } from './json-body';
import { applyRouteBodyOptions, BODY_OPTIONS } from './request-body';

/** The same state machine, byte by byte: what the SIMD scan must agree with on any input. */
function reference(text: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const nested = (n: number, open = '[', close = ']') => Buffer.from(open.repeat(n) + close.repeat(n));
const objects = (n: number) => Buffer.from('{"a":'.repeat(n) + '1' + '}'.repeat(n));

// a small deterministic PRNG (mulberry32), so a failure can be replayed
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('jsonDepthExceeds (WebAssembly SIMD scan)', () => {
  it('allows 64 levels and refuses 65, for arrays, objects and mixes', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(jsonDepthExceeds(nested(64))).toBe(false);
    expect(jsonDepthExceeds(nested(65))).toBe(true);
    expect(jsonDepthExceeds(objects(64))).toBe(false);
    expect(jsonDepthExceeds(objects(65))).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('[{"a":'.repeat(33) + '1' + '}]'.repeat(33)))).toBe(true);
    expect(jsonDepthExceeds(nested(10_000))).toBe(true);
    // depth, not the number of brackets: many shallow siblings are fine
    expect(jsonDepthExceeds(Buffer.from(`{"spans":[${'{"a":[1,{"b":2}]},'.repeat(5000)}{}]}`))).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(Buffer.from(`{"a":"${'['.repeat(1000)}"}`))).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(`{"a":"\\"${'{'.repeat(100)}\\\\"}`))).toBe(false);
    // a backslash pair ends before the quote: the string closes and the brackets after it count
    expect(jsonDepthExceeds(Buffer.from(`["\\\\",${'['.repeat(70)}${']'.repeat(71)}`))).toBe(true);
    // non-ASCII text (UTF-8 continuation bytes) never looks like a bracket or a quote
    expect(jsonDepthExceeds(Buffer.from(`{"a":"${'é[ü{€'.repeat(200)}"}`))).toBe(false);
  });

  it('agrees with the byte-by-byte reference on random inputs (escapes across 32-byte steps, invalid JSON too)', () => {
    const next = prng(17);
    // with backslashes everywhere (the byte-by-byte steps) and with none or few (the SIMD steps)
    const withEscapes = ['[', ']', '{', '}', '"', '\\', 'a', ' ', ',', ':', '\\\\', '\\"', 'é'];
    const plain = ['[', ']', '{', '}', '"', 'a', 'b', 'c', ' ', ',', ':', 'é', '[[[', '"abc"'];
    for (let run = 0; run < 4000; run++) {
      const alphabet = run % 2 ? withEscapes : run % 4 ? plain : [...plain, ...plain, ...plain, '\\\\'];
      const len = Math.floor(next() * 400);
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      const text = Buffer.from(s);
      for (const max of [0, 1, 3, 10, 64]) {
        if (jsonDepthExceeds(text, max) !== reference(text, max)) throw new Error(`disagrees at max ${max} on ${JSON.stringify(s)}`);
      }
    }
  });

  it('grows its memory for large bodies and keeps working on small ones after', () => {
    const big = Buffer.from(`{"spans":[${`{"input":"${'x'.repeat(1000)}"},`.repeat(6000)}{}]}`); // ~6 MB
    expect(jsonDepthExceeds(big)).toBe(false);
    const deepTail = Buffer.concat([big.subarray(0, big.length - 2), Buffer.from(`,${nested(70).toString()}]}`)]);
    expect(jsonDepthExceeds(deepTail)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{}'))).toBe(false);
    // stale bytes of the big body beyond a small one are not read as part of it
    expect(jsonDepthExceeds(Buffer.from('['))).toBe(false);
  });

  it('json-depth.wasm.ts is the compilation of json-depth.wat (scripts/build-wasm.mjs --check)', () => {
    const root = path.resolve(__dirname, '../../..');
    expect(() => execFileSync(process.execPath, [path.join(root, 'scripts/build-wasm.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe("jsonObjectBodyParser with a route's own reader (@RouteBody({ parse }))", () => {
  async function app(parse: (body: Buffer) => unknown) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fastify = (require('fastify') as typeof import('fastify')).default();
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonObjectBodyParser(fastify));
    fastify.post('/own', { config: { [BODY_OPTIONS]: { limit: 1024, parse } } as never }, async (req) => ({ got: req.body }));
    fastify.post('/plain', async (req) => ({ got: req.body }));
    await fastify.ready();
    return fastify;
  }
  const post = (f: Awaited<ReturnType<typeof app>>, url: string, body: string, headers: Record<string, string> = {}) =>
    f.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });

  it('hands the body to the reader after the object and depth checks, and parses as usual when it declines', async () => {
    const seen: string[] = [];
    const f = await app((body) => {
      seen.push(body.toString());
      return body.toString().includes('"mine"') ? { mine: true } : undefined;
    });
    expect((await post(f, '/own', '{"mine":1}')).json()).toEqual({ got: { mine: true } });
    expect((await post(f, '/own', '{"other":1}')).json()).toEqual({ got: { other: 1 } });
    // an Idempotency-Key hashes the parsed value: the reader is not asked
    expect((await post(f, '/own', '{"mine":2}', { 'idempotency-key': 'k' })).json()).toEqual({ got: { mine: 2 } });
    expect((await post(f, '/plain', '{"mine":3}')).json()).toEqual({ got: { mine: 3 } });
    // refused before the reader: not an object, too deep, and the default parser's __proto__ rule when it declines
    expect((await post(f, '/own', '[1]')).statusCode).toBe(400);
    expect((await post(f, '/own', `{"a":${'['.repeat(70)}${']'.repeat(70)}}`)).statusCode).toBe(400);
    expect((await post(f, '/own', '{"__proto__":{"x":1}}')).statusCode).toBe(400);
    expect(seen).toEqual(['{"mine":1}', '{"other":1}', '{"__proto__":{"x":1}}']);
    await f.close();
  });

  it('lets a reader that declines too deep bodies itself (depthChecked) see them first; the depth check follows its refusal', async () => {
    const seen: string[] = [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fastify = (require('fastify') as typeof import('fastify')).default();
    fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonObjectBodyParser(fastify));
    const parse = (body: Buffer) => {
      seen.push(body.toString().slice(0, 12));
      return jsonDepthExceeds(body) || !body.toString().includes('"mine"') ? undefined : { mine: true };
    };
    fastify.post('/own', { config: { [BODY_OPTIONS]: { limit: 1024, parse, depthChecked: true } } as never }, async (req) => ({
      got: req.body,
    }));
    await fastify.ready();
    const post = (body: string) =>
      fastify.inject({ method: 'POST', url: '/own', payload: body, headers: { 'content-type': 'application/json' } });
    expect((await post('{"mine":1}')).json()).toEqual({ got: { mine: true } });
    const deep = await post(`{"mine":${'['.repeat(70)}${']'.repeat(70)}}`);
    expect([deep.statusCode, (deep.json() as { message: string }).message]).toEqual([
      400,
      'The request body is nested deeper than 64 levels',
    ]);
    expect((await post('{"other":1}')).json()).toEqual({ got: { other: 1 } });
    expect((await post('[1]')).statusCode).toBe(400); // not an object: refused before the reader
    expect(seen).toEqual(['{"mine":1}', '{"mine":[[[[', '{"other":1}']);
    await fastify.close();
  });
});

describe('jsonObjectBodyReader (the application/json reader; pooled memory for @RouteBody({ reuseMemory }))', () => {
  async function app(pool: BodyPool, seen: Buffer[] = []) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fastify = (require('fastify') as typeof import('fastify')).default();
    fastify.addHook('onRoute', applyRouteBodyOptions);
    fastify.addContentTypeParser('application/json', jsonObjectBodyReader(fastify, pool));
    fastify.addHook('onResponse', releaseBody(pool));
    const parse = (body: Buffer) => {
      seen.push(body);
      return { text: body.toString() };
    };
    const own = { limit: 300, gzip: true, parse, reuseMemory: true };
    fastify.post('/pooled', { config: { [BODY_OPTIONS]: own } as never }, async (req) => ({ got: req.body, free: pool.size }));
    fastify.post('/plain', async (req) => ({ got: req.body, raw: (req as unknown as { rawBody: Buffer }).rawBody.toString() }));
    await fastify.ready();
    return fastify;
  }
  type App = Awaited<ReturnType<typeof app>>;
  const post = (f: App, url: string, payload: string | Buffer | Readable, headers: Record<string, string> = {}) =>
    f.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
  const chunked = (parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

  it("reads a route's body into a pooled buffer, handed back once the response is sent and reused by the next body", async () => {
    const pool = new BodyPool(8, 64);
    const seen: Buffer[] = [];
    const f = await app(pool, seen);
    const first = await post(f, '/pooled', '{"a":"first"}');
    // the buffer is out of the pool while the handler runs, back once the response was sent
    expect(first.json()).toEqual({ got: { text: '{"a":"first"}' }, free: 0 });
    expect(pool.size).toBe(1);
    const second = await post(f, '/pooled', '{"b":2}');
    expect(second.json()).toEqual({ got: { text: '{"b":2}' }, free: 0 });
    expect(seen[1].buffer).toBe(seen[0].buffer); // the same memory
    expect(seen.map((b) => b.length)).toEqual([13, 7]);
    await f.close();
  });

  it('grows the buffer for a body without Content-Length (chunked), and takes gzip bodies decompressed', async () => {
    const pool = new BodyPool(8, 16);
    const f = await app(pool);
    const parts = ['{"k":"', 'x'.repeat(40), 'y'.repeat(50), 'z'.repeat(60), '"}'];
    const res = await post(f, '/pooled', chunked(parts));
    // (the smaller buffers it outgrew went back to the pool)
    expect((res.json() as { got: unknown }).got).toEqual({ text: parts.join('') });
    const zipped = await post(f, '/pooled', gzipSync(Buffer.from(`{"g":"${'q'.repeat(200)}"}`)), { 'content-encoding': 'gzip' });
    expect(zipped.json()).toEqual({ got: { text: `{"g":"${'q'.repeat(200)}"}` }, free: expect.any(Number) });
    expect(pool.size).toBeGreaterThan(0);
    await f.close();
  });

  it("refuses a body past the route's limit (413, by Content-Length or by the bytes) and a Content-Length that does not match (400)", async () => {
    const pool = new BodyPool(8, 16);
    const f = await app(pool);
    const big = `{"a":"${'x'.repeat(400)}"}`;
    expect((await post(f, '/pooled', big)).statusCode).toBe(413);
    expect((await post(f, '/pooled', chunked([big.slice(0, 200), big.slice(200)]))).statusCode).toBe(413);
    const zipBomb = gzipSync(Buffer.from(`{"a":"${'x'.repeat(100_000)}"}`));
    // (the app's problem filter answers this DomainError 413 payload_too_large: ingestion e2e)
    expect((await post(f, '/pooled', zipBomb, { 'content-encoding': 'gzip' })).json()).toMatchObject({ message: /larger than/ });
    expect((await post(f, '/pooled', chunked(['{"a":1}']), { 'content-length': '9' })).statusCode).toBe(400);
    // the plain route: the server's default limit (1 MB), Fastify's own checks
    expect((await post(f, '/plain', chunked(['{"a":1}']), { 'content-length': '9' })).statusCode).toBe(400);
    // nothing kept out of the pool by the refusals
    expect((await post(f, '/pooled', '{"ok":1}')).json()).toEqual({ got: { text: '{"ok":1}' }, free: pool.size - 1 });
    await f.close();
  });

  it('reads the bodies of other routes (and of an Idempotency-Key) into their own Buffer, kept as rawBody', async () => {
    const pool = new BodyPool(8, 64);
    const seen: Buffer[] = [];
    const f = await app(pool, seen);
    expect((await post(f, '/plain', '{"p": 1}')).json()).toEqual({ got: { p: 1 }, raw: '{"p": 1}' });
    expect((await post(f, '/plain', chunked(['{"p"', ': 2}']))).json()).toEqual({ got: { p: 2 }, raw: '{"p": 2}' });
    // with an Idempotency-Key the route's reader is not asked (json-body.ts) and nothing is pooled
    expect((await post(f, '/pooled', '{"i":1}', { 'idempotency-key': 'k' })).json()).toEqual({ got: { i: 1 }, free: 0 });
    expect([seen.length, pool.size]).toEqual([0, 0]);
    // not JSON objects: refused as before
    expect((await post(f, '/plain', '[1]')).statusCode).toBe(400);
    expect((await post(f, '/plain', '')).statusCode).toBe(400);
    await f.close();
  });
});
