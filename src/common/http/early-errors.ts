/**
 * Errors raised before a request reaches a route — by Node's HTTP parser (431 headers too large, 408, a malformed
 * request), by Fastify's router (a URL that is not valid percent-encoding, an over-long path parameter), or because no
 * route has that path or method (404, 405) — answered like every other error: RFC 9457 problem+json with a request id.
 * Paths whose protocol has another error shape (OTLP: google.rpc.Status) register a writer for it here, and their
 * early errors use it.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ERROR_TITLES, ErrorCode } from '../errors/domain-error';
import { Problem, PROBLEM_CONTENT_TYPE, typeUri } from '../errors/problem';
import { reportSwallowed } from '../metrics/swallowed';

/** The body of an error in a protocol's own shape (given the request's Content-Type, when known). */
export type ErrorBodyWriter = (problem: Problem, contentType: string | undefined) => { contentType: string; body: string | Uint8Array };

const writers = new Map<string, ErrorBodyWriter>();

/** Errors of requests to these exact paths (query aside) are written by `writer` instead of as problem+json. */
export function registerErrorBodyWriter(paths: readonly string[], writer: ErrorBodyWriter): void {
  for (const path of paths) writers.set(path, writer);
}

export const pathOf = (url: string) => {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
};

export const errorBodyWriterFor = (url: string): ErrorBodyWriter | undefined => (writers.size ? writers.get(pathOf(url)) : undefined);

/** A problem document for an HTTP status that has no code of its own in API.md (405, 408, 414, 431): titled by its reason phrase. */
export function statusProblem(status: number, code: ErrorCode, detail: string, requestId: string): Problem {
  const title = code === 'internal' || status === 400 ? ERROR_TITLES[code] : (STATUS_CODES[status] ?? ERROR_TITLES[code]);
  return { type: typeUri(code), title, status, detail, code, requestId };
}

// ------------------------------------------------------------------------------------------ Node's HTTP parser

/**
 * Fastify's `clientErrorHandler`: the request could not even be parsed (headers over Node's 16 KB, a timeout, bad
 * syntax). Written straight to the socket, which is then closed; OTLP paths (read from the start of the raw request)
 * get their own body shape.
 */
export function clientErrorHandler(headers: Record<string, string>) {
  const fixed = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return function onClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    let status = 400;
    let detail = 'The request is not valid HTTP';
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      detail = 'The request line and headers are larger than the server accepts (16 KB)';
    } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      detail = 'The request was not received in time';
    }
    const requestId = randomUUID();
    const problem = statusProblem(status, 'validation_failed', detail, requestId);
    const head = err.rawPacket?.subarray(0, 8192).toString('latin1') ?? '';
    const target = /^[A-Z]+ (\S+) HTTP\//.exec(head)?.[1];
    const writer = target ? errorBodyWriterFor(target) : undefined;
    let contentType = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;
    let body: string | Uint8Array = JSON.stringify(problem);
    if (writer) {
      const own = writer(problem, /\r\ncontent-type:[ \t]*([^\r\n]*)/i.exec(head)?.[1]);
      ({ contentType, body } = own);
    }
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${fixed}X-Request-Id: ${requestId}\r\nCache-Control: no-store\r\n` +
          `Content-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`,
      );
      socket.write(bytes);
    }
    socket.destroy();
  };
}

// ------------------------------------------------------------------------------------------ Fastify's router

/**
 * Fastify's `frameworkErrors`: a URL that does not decode (`%zz`), a path parameter over `maxParamLength`. No hook has
 * run for these requests, so the usual response headers are set here.
 */
export function frameworkErrors(headers: Record<string, string>) {
  return function onFrameworkError(err: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
    let problem: Problem;
    if (err.code === 'FST_ERR_BAD_URL') {
      problem = statusProblem(400, 'validation_failed', 'The request URL is not valid (malformed percent-encoding)', String(request.id));
    } else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      problem = statusProblem(414, 'validation_failed', 'A path segment of the request URL is too long', String(request.id));
    } else {
      reportSwallowed('http.framework_error', err);
      problem = statusProblem(500, 'internal', 'An unexpected error occurred; quote the request id when reporting it', String(request.id));
    }
    reply.headers(headers).header('X-Request-Id', request.id).header('Cache-Control', 'no-store').header('Connection', 'close');
    const writer = errorBodyWriterFor(request.url);
    if (writer) {
      const own = writer(problem, request.headers['content-type']);
      reply.status(problem.status).header('content-type', own.contentType).send(own.body);
      return;
    }
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  };
}

/** An `onSend` hook for the CORS preflight route: its text/plain 400 ("Invalid Preflight Request") as problem+json. */
export function preflightProblem(headers: Record<string, string>) {
  return (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void => {
    if (reply.statusCode !== 400 || !String(reply.getHeader('content-type') ?? '').startsWith('text/plain')) return done(null, payload);
    const problem = statusProblem(
      400,
      'validation_failed',
      'A CORS preflight needs Origin and Access-Control-Request-Method',
      String(request.id),
    );
    reply.headers(headers).header('X-Request-Id', request.id).header('content-type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    done(null, JSON.stringify(problem));
  };
}

// ------------------------------------------------------------------------------------------ 405

/**
 * The methods each route path answers, to tell 405 (the path exists, with other methods: `Allow` lists them) from 404.
 * Filled by an `onRoute` hook; consulted only for requests no route matched. The CORS preflight catch-all (`*`) is
 * left out: it would make every path "exist".
 */
export class RouteMethods {
  private readonly routes: { pattern: RegExp; methods: Set<string> }[] = [];
  private readonly byUrl = new Map<string, Set<string>>();

  readonly onRoute = (route: RouteOptions): void => {
    if (route.url === '*' || route.url === '/*') return;
    let methods = this.byUrl.get(route.url);
    if (!methods) {
      methods = new Set();
      this.byUrl.set(route.url, methods);
      const source = route.url
        .split('/')
        .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      this.routes.push({ pattern: new RegExp(`^${source}$`), methods });
    }
    for (const m of Array.isArray(route.method) ? route.method : [route.method]) methods.add(m.toUpperCase());
  };

  /** The methods answered at this path (sorted), or [] when no route has it. */
  allowed(url: string): string[] {
    const path = pathOf(url);
    const out = new Set<string>();
    for (const r of this.routes) if (r.pattern.test(path)) for (const m of r.methods) out.add(m);
    return [...out].sort();
  }
}
