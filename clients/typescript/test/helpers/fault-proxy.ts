/**
 * A fault-injecting HTTP proxy between an SDK and the real API, on 127.0.0.1. Its mode can change at any
 * time (connections open at the change are cut, as a failing network would):
 *
 *   pass     forwards every request to the API and its answer back
 *   refuse   nothing listens on the port: connections are refused (an API that is down)
 *   reset    accepts connections and resets them at once
 *   hang     accepts requests and never answers
 *   503      answers 503 problem+json with `Retry-After: <retryAfterS>`
 *   slow     forwards after `slowMs`
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultMode = 'pass' | 'refuse' | 'reset' | 'hang' | '503' | 'slow';

export interface FaultProxy {
  readonly url: string;
  readonly mode: FaultMode;
  /** Requests seen, by the mode they met. */
  readonly seen: Record<FaultMode, number>;
  setMode(mode: FaultMode, options?: { retryAfterS?: number; slowMs?: number }): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, initial: FaultMode = 'pass'): Promise<FaultProxy> {
  const target = new URL(upstream);
  let mode: FaultMode = initial;
  let retryAfterS = 1;
  let slowMs = 2000;
  const seen: Record<FaultMode, number> = { pass: 0, refuse: 0, reset: 0, hang: 0, '503': 0, slow: 0 };
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | null = null;

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const out = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const current = mode;
    seen[current]++;
    switch (current) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        req.resume();
        return;
      case '503':
        req.resume();
        req.on('end', () => {
          res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': String(retryAfterS) });
          res.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'upstream_unavailable' }));
        });
        return;
      case 'slow':
        setTimeout(() => forward(req, res), slowMs);
        return;
      default:
        forward(req, res);
    }
  };

  const listen = async (): Promise<void> => {
    const s = createServer(handle);
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      if (mode === 'reset') socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };

  const cutConnections = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  const stop = async (): Promise<void> => {
    const s = server;
    server = null;
    cutConnections();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  if (initial !== 'refuse') await listen();
  else {
    // take a port, then free it: it stays this proxy's address
    await listen();
    await stop();
  }

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get mode() {
      return mode;
    },
    seen,
    async setMode(next, options = {}) {
      retryAfterS = options.retryAfterS ?? retryAfterS;
      slowMs = options.slowMs ?? slowMs;
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        if (previous !== 'refuse') await stop();
        return;
      }
      if (previous === 'refuse') await listen();
      else cutConnections();
    },
    async close() {
      mode = 'refuse';
      await stop();
    },
  };
}
