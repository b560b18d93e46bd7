import { Inject, Injectable, Module } from '@nestjs/common';
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { addressRefusal, AllowedHost, hostAndPort, isAllowListed, isIpLiteral, parseAllowHosts } from './address-policy';

/** Why an outbound request did not produce an HTTP response. */
export type OutboundFailure =
  'invalid_url' | 'refused_address' | 'refused_redirect' | 'too_many_redirects' | 'connect_timeout' | 'timeout' | 'network';

/** Raised for requests that got no HTTP answer. `message` is safe to show and store (never the URL, which may hold a secret). */
export class OutboundError extends Error {
  constructor(
    readonly reason: OutboundFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'HEAD' | 'POST' | 'PUT';
  headers?: Record<string, string>;
  body?: string;
  /** whole exchange including redirects and reading the body (default 10 s) */
  timeoutMs?: number;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** the body, cut at `maxResponseBytes` */
  body: string;
  truncated: boolean;
  latencyMs: number;
}

export interface OutboundOptions {
  /** `OUTBOUND_ALLOW_HOSTS` entries (`host` or `host:port`): the only hosts exempt from the address policy */
  allowHosts?: string[];
  connectTimeoutMs?: number;
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  /** DNS resolver (tests inject one); defaults to the system's `dns.lookup` */
  lookup?: typeof dns.lookup;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'AgentMonitoring/1.0 (+integrations)';

/**
 * The one outbound HTTP client (alerts, integration tests, health checks). Refuses to connect to
 * non-public addresses, judged on the address the socket actually connects to: DNS answers are
 * checked inside the agent's `lookup` (the same answer is used to connect, so DNS rebinding between
 * a check and the connect is impossible), IP literals before connecting, and the socket's remote
 * address once more when it connects. Connect timeout 3 s, total 10 s, responses read up to a cap,
 * redirects followed only within the same origin. Hosts in `OUTBOUND_ALLOW_HOSTS` are exempt.
 */
export class OutboundHttp {
  private readonly allow: AllowedHost[];
  private readonly connectTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly maxRedirects: number;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(options: OutboundOptions = {}) {
    this.allow = parseAllowHosts(options.allowHosts ?? []);
    this.connectTimeoutMs = options.connectTimeoutMs ?? 3000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
    this.maxRedirects = options.maxRedirects ?? 3;
    const resolver = options.lookup ?? dns.lookup;
    const guard = (agent: http.Agent) => guardAgent(agent, this.allow, resolver);
    // No keep-alive: every request makes (and checks) its own connection.
    this.httpAgent = guard(new http.Agent({ keepAlive: false }));
    this.httpsAgent = guard(new https.Agent({ keepAlive: false }) as http.Agent) as https.Agent;
  }

  /** True when the URL's host (and port) is listed in `OUTBOUND_ALLOW_HOSTS`. */
  isAllowListed(url: string | URL): boolean {
    try {
      const u = typeof url === 'string' ? new URL(url) : url;
      const { host, port } = hostAndPort(u);
      return isAllowListed(this.allow, host, port);
    } catch {
      return false;
    }
  }

  /**
   * Why a URL can never be requested, judged without DNS (scheme, IP literals): for validating
   * configuration early. `null` when it may be requested (names are checked on every connect).
   */
  staticRefusal(url: string): string | null {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return 'must be an absolute http(s) URL';
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http(s) URL';
    if (!u.hostname) return 'must name a host';
    if (this.isAllowListed(u)) return null;
    const { host } = hostAndPort(u);
    if (isIpLiteral(host)) {
      const refusal = addressRefusal(host);
      if (refusal) return `must not point to a non-public address (${refusal})`;
    }
    return null;
  }

  async request(req: OutboundRequest): Promise<OutboundResponse> {
    const started = performance.now();
    const deadline = Date.now() + Math.min(req.timeoutMs ?? this.timeoutMs, this.timeoutMs);
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new OutboundError('invalid_url', 'invalid URL');
    }
    let method = req.method ?? 'GET';
    let body = req.body;
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new OutboundError('invalid_url', 'only http and https URLs are allowed');
      if (url.username || url.password) throw new OutboundError('invalid_url', 'URLs with credentials are not allowed');
      const res = await this.once(url, method, req.headers ?? {}, body, deadline);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || typeof location !== 'string') {
        return { ...res, latencyMs: Math.round(performance.now() - started) };
      }
      if (hop >= this.maxRedirects) throw new OutboundError('too_many_redirects', `more than ${this.maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new OutboundError('refused_redirect', 'redirect to an invalid URL refused');
      }
      if (next.origin !== url.origin) throw new OutboundError('refused_redirect', 'redirect to another host refused');
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private once(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    deadline: number,
  ): Promise<Omit<OutboundResponse, 'latencyMs'>> {
    return new Promise((resolve, reject) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return reject(new OutboundError('timeout', `no answer within ${this.timeoutMs} ms`));
      const isHttps = url.protocol === 'https:';
      const payload = body === undefined ? undefined : Buffer.from(body);
      const outgoing: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', ...headers };
      if (payload) outgoing['content-length'] = String(payload.length);
      let settled = false;
      const fail = (err: OutboundError) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        clearTimeout(connect);
        reject(err);
        r.destroy();
      };
      const r = (isHttps ? https : http).request(url, {
        method,
        headers: outgoing,
        agent: isHttps ? this.httpsAgent : this.httpAgent,
      });
      const total = setTimeout(() => fail(new OutboundError('timeout', `no answer within ${this.timeoutMs} ms`)), remaining);
      const connect = setTimeout(
        () => fail(new OutboundError('connect_timeout', `could not connect within ${this.connectTimeoutMs} ms`)),
        Math.min(this.connectTimeoutMs, remaining),
      );
      r.on('socket', (socket: Socket) => {
        if (!socket.connecting) clearTimeout(connect);
        else socket.once('connect', () => clearTimeout(connect));
      });
      r.on('error', (err: Error & { code?: string }) => fail(err instanceof OutboundError ? err : networkError(err)));
      r.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(total);
          clearTimeout(connect);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated });
        };
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = this.maxResponseBytes - size;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            size += room;
            truncated = true;
            finish();
            res.destroy();
            return;
          }
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', finish);
        res.on('error', (err) => fail(networkError(err)));
        res.on('aborted', () => fail(new OutboundError('network', 'connection closed before the response was complete')));
      });
      r.end(payload);
    });
  }
}

function networkError(err: Error & { code?: string }): OutboundError {
  const code = err.code ?? '';
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    ETIMEDOUT: 'connection timed out',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    EPIPE: 'connection closed',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
    SELF_SIGNED_CERT_IN_CHAIN: 'TLS certificate chain is self-signed',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
  };
  if (known[code]) return new OutboundError('network', known[code]);
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return new OutboundError('network', `TLS error (${code})`);
  return new OutboundError('network', code ? `network error (${code})` : 'network error');
}

type Resolver = typeof dns.lookup;
type CreateConnection = (options: Record<string, unknown>, cb: (err: Error | null, socket?: Socket) => void) => Socket | undefined;

/**
 * Makes an agent refuse non-public addresses. Allow-listed host:port pairs connect as usual; for every
 * other host, IP literals are checked before connecting and names through a `lookup` that refuses
 * the whole answer if any address in it is non-public. The connected socket's remote address is
 * checked again on `connect`, before the request is written.
 */
function guardAgent(agent: http.Agent, allow: AllowedHost[], resolver: Resolver): http.Agent {
  const original = (agent as unknown as { createConnection: CreateConnection }).createConnection.bind(agent);
  const guarded: CreateConnection = (options, cb) => {
    const host = String(options.host ?? options.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port);
    if (isAllowListed(allow, host, port)) return original(options, cb);
    if (isIpLiteral(host)) {
      const refusal = addressRefusal(host);
      if (refusal) {
        process.nextTick(() => cb(new OutboundError('refused_address', `refused: ${refusal}`)));
        return undefined;
      }
    }
    const socket = original({ ...options, lookup: safeLookup(resolver) }, cb);
    socket?.once('connect', () => {
      const refusal = socket.remoteAddress ? addressRefusal(socket.remoteAddress) : 'unknown address';
      if (refusal) socket.destroy(new OutboundError('refused_address', `refused: ${refusal}`));
    });
    return socket;
  };
  (agent as unknown as { createConnection: CreateConnection }).createConnection = guarded;
  return agent;
}

function safeLookup(resolver: Resolver): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    resolver(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err);
      const list = addresses as dns.LookupAddress[];
      if (!list.length) return callback(Object.assign(new Error('no addresses'), { code: 'ENOTFOUND' }));
      for (const a of list) {
        const refusal = addressRefusal(a.address);
        if (refusal) return callback(new OutboundError('refused_address', `refused: ${hostname} resolves to ${refusal}`));
      }
      if (options.all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  }) as LookupFunction;
}

/** The client configured from the environment (`OUTBOUND_ALLOW_HOSTS`). */
@Injectable()
export class OutboundHttpClient extends OutboundHttp {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({ allowHosts: config.outbound.allowHosts });
  }
}

@Module({ providers: [OutboundHttpClient], exports: [OutboundHttpClient] })
export class OutboundHttpModule {}
