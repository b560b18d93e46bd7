/**
 * A stand-in for the API on 127.0.0.1: records what the SDK sends to POST /api/v1/ingest (gunzipping
 * it) and answers with whatever the test scripts (default: 200 `{ accepted, errors: [] }`).
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface WireSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startTime: string;
  endTime?: string;
  status: string;
  statusMessage?: string;
  input?: unknown;
  output?: unknown;
  attributes?: Record<string, unknown>;
  model?: string;
  usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
  costUsd?: number;
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Uncompressed body size in bytes. */
  bytes: number;
  gzip: boolean;
  spans: WireSpan[];
  at: number;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: unknown } | 'hang' | 'default';

export type Handler = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface Collector {
  url: string;
  requests: ReceivedRequest[];
  /** Spans of the requests that were answered 2xx. */
  accepted: WireSpan[];
  /** Resolves when `predicate` holds (checked now and after each request), rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCollector(handler: Handler = () => 'default'): Promise<Collector> {
  const requests: ReceivedRequest[] = [];
  const accepted: WireSpan[] = [];
  const hanging = new Set<ServerResponse>();
  const checks = new Set<() => void>();
  const notify = (): void => {
    for (const check of [...checks]) check();
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let raw = Buffer.concat(chunks);
        const gzip = req.headers['content-encoding'] === 'gzip';
        if (gzip) raw = gunzipSync(raw);
        let spans: WireSpan[] = [];
        if (raw.length > 0) {
          try {
            spans = (JSON.parse(raw.toString('utf8')) as { spans?: WireSpan[] }).spans ?? [];
          } catch {
            spans = [];
          }
        }
        const request: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          bytes: raw.length,
          gzip,
          spans,
          at: Date.now(),
        };
        const index = requests.length;
        requests.push(request);
        const reply = await handler(request, index);
        if (reply === 'hang') {
          hanging.add(res);
          notify();
          return;
        }
        const r = reply === 'default' ? { status: 200, body: { accepted: spans.length, errors: [] } } : reply;
        if (r.status >= 200 && r.status < 300) accepted.push(...spans);
        res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
        res.end(r.body === undefined ? '' : JSON.stringify(r.body));
        notify();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        if (predicate()) return resolve();
        const timer = setTimeout(() => {
          checks.delete(check);
          reject(new Error(`condition not met within ${timeoutMs} ms (${requests.length} requests received)`));
        }, timeoutMs);
        const check = (): void => {
          if (!predicate()) return;
          clearTimeout(timer);
          checks.delete(check);
          resolve();
        };
        checks.add(check);
      });
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 with nothing listening (connections are refused). */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Collects warnings instead of printing them. */
export function captureLogger(): { warn(message: string): void; messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message: string) => messages.push(message) };
}
