import { randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, TestContext } from './context';
import type { SignedUp } from './factories';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

export type ReplyFn = (req: Received, index: number) => Reply | Promise<Reply>;

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack, PagerDuty, Sentry, Datadog or a customer's
 * endpoint: records every request and answers with `reply` (default 200 "ok"). `stop()` and
 * `start()` again on the same port simulate a receiver that is down for a while.
 */
export class Receiver {
  readonly requests: Received[] = [];
  reply: ReplyFn;
  private server?: Server;
  port = 0;

  constructor(reply: ReplyFn = () => ({ status: 200, body: 'ok' })) {
    this.reply = reply;
  }

  static async start(reply?: ReplyFn): Promise<Receiver> {
    const r = new Receiver(reply);
    await r.start();
    return r;
  }

  get host() {
    return `127.0.0.1:${this.port}`;
  }
  url(path = '/') {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const received: Received = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
          at: Date.now(),
        };
        const index = this.requests.push(received) - 1;
        try {
          const out = await this.reply(received, index);
          res.writeHead(out.status ?? 200, { 'content-type': 'text/plain', ...out.headers }).end(out.body ?? '');
        } catch {
          res.writeHead(500).end('receiver error');
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests whose path starts with `prefix` (default all). */
  on(prefix = '') {
    return this.requests.filter((r) => r.path.startsWith(prefix));
  }
}

/** Polls `probe` until it returns a truthy value (bounded), then returns that value. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  { timeoutMs = 15_000, intervalMs = 100, what = 'condition' } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * The setup of the integration e2e files: a receiver answering with `reply`, then the app and a worker in this
 * process with their own key ring, outbound calls allowed to 127.0.0.1 and the PagerDuty/Datadog endpoints pointed
 * at the receiver.
 */
export async function integrationsContext(reply: ReplyFn, env: Record<string, string> = {}): Promise<{ t: TestContext; rx: Receiver }> {
  const rx = await Receiver.start(reply);
  const t = await createTestContext({
    worker: true,
    env: {
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      PAGERDUTY_EVENTS_URL: rx.url('/v2/enqueue'),
      DATADOG_API_URL: rx.url('/dd'),
      ...env,
    },
  });
  return { t, rx };
}

/** PUT /api/v1/integrations/:type as `o`, failing the test on anything but 200. */
export async function configureIntegration(t: TestContext, o: SignedUp, type: string, body: Record<string, unknown>) {
  const res = await t.http.put(`/api/v1/integrations/${type}`, body, { token: o.token });
  if (res.status !== 200) throw new Error(`configure ${type}: ${res.status} ${res.text}`);
  return res.body;
}
