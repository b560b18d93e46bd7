import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(WEB_DIR, '..');
export const RESULTS_DIR = join(WEB_DIR, 'test-results');
mkdirSync(RESULTS_DIR, { recursive: true });

export interface Stack {
  url: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}
interface StackModule {
  startStack(o: {
    dir?: string;
    stripe?: boolean;
    port?: number;
    seed?: boolean;
    env?: Record<string, string>;
    quiet?: boolean;
  }): Promise<Stack>;
}
interface ServicesModule {
  freePort(): Promise<number>;
}

const importRoot = async <T>(rel: string) => (await import(pathToFileURL(join(ROOT, rel)).href)) as T;

export interface StartedStack extends Stack {
  dropDatabase(): Promise<void>;
}

/**
 * The real stack (scripts/stack.mjs: migrate, API + worker) on a free port. With DATABASE_URL set
 * (make test, shared dev services) it runs in a fresh database of that server and its own Redis
 * prefix, so nothing else is touched; without it, startStack starts its own Postgres and Redis.
 */
export async function startRealStack(env: Record<string, string>): Promise<StartedStack> {
  const { startStack } = await importRoot<StackModule>('scripts/stack.mjs');
  const { freePort } = await importRoot<ServicesModule>('scripts/services.mjs');
  const port = await freePort();
  const extra: Record<string, string> = {
    REDIS_PREFIX: `web${randomBytes(4).toString('hex')}`,
    MAIL_DIR: join(ROOT, 'var/web-e2e-mail'),
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    RATE_LIMIT_PER_MINUTE: '10000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    LOG_LEVEL: 'warn',
    APP_URL: `http://127.0.0.1:${port}`,
    // stripe-mock accepts only well-formed test keys
    ...(process.env.STRIPE_API_BASE ? { STRIPE_SECRET_KEY: 'sk_test_123' } : {}),
    ...env,
  };
  let dropDatabase = async () => {};
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `web_e2e_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    extra.DATABASE_URL = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c.end();
    };
  }
  const stripe = !!process.env.STRIPE_API_BASE;
  const stack = await startStack({ dir: join(ROOT, 'var/web-e2e-services'), stripe, port, seed: false, env: extra, quiet: true });
  return { ...stack, dropDatabase };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 for the webhook integration; answers 200. */
export async function startReceiver(): Promise<{ url: string; host: string; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Bounded polling (no fixed sleeps). */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
