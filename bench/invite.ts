/**
 * p95 from `POST /api/v1/team/invite` to the message accepted by the SMTP server (target ≤ 1 s).
 * Runs the API and the worker in this process exactly as in production (auth, outbox relay, BullMQ,
 * rate limits from the environment), against a fresh migrated database and a local SMTP sink.
 *   DATABASE_URL=… REDIS_URL=… node dist/bench/invite.js [N]   (N, or BENCH_INVITES, defaults to 50)
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { createApiApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { createDataSource } from '../src/database/data-source';
import { WorkerModule } from '../src/worker.module';

const TARGET_MS = 1000;

export async function main(n = Number(process.env.BENCH_INVITES ?? 50)): Promise<{ p95: number; ratio: number }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl || !process.env.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are required');
  const id = randomBytes(4).toString('hex');
  const dbName = `bench_invite_${id}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(baseUrl);
  dbUrl.pathname = `/${dbName}`;
  const ds = createDataSource(dbUrl.toString(), 2);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });

  // the SMTP server: when did the message for each recipient finish arriving
  const arrived = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        const at = performance.now();
        for (const r of session.envelope.rcptTo) {
          arrived.set(r.address.toLowerCase(), at);
          waiters.get(r.address.toLowerCase())?.();
        }
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
  const smtpPort = (sink as unknown as { server: { address(): AddressInfo } }).server.address().port;

  const config = loadConfig({
    LOG_LEVEL: 'warn',
    ...process.env,
    DATABASE_URL: dbUrl.toString(),
    REDIS_PREFIX: `bench${id}`,
    PORT: '0',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  });
  const app = await createApiApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  let worker: INestApplicationContext | undefined;
  try {
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: ['error', 'warn'] });
    await worker.init();

    const post = async (path: string, body: unknown, token?: string) => {
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, any>;
      if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const owner = await post('/api/v1/auth/signup', {
      email: `bench-owner-${id}@example.com`,
      password: 'bench password 123',
      name: 'Bench',
      workspaceName: 'Bench',
    });
    // enough seats for N invitations
    await ds.query(`INSERT INTO billing_config (workspace_id, plan, status) VALUES ($1, 'enterprise', 'active')`, [owner.workspace.id]);

    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      const email = `bench-${i}-${id}@example.com`;
      const delivered = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no email for ${email} within 30 s`)), 30_000);
        waiters.set(email, () => {
          clearTimeout(timer);
          resolve();
        });
      });
      const started = performance.now();
      await post('/api/v1/team/invite', { email, role: 'member' }, owner.accessToken);
      await delivered;
      latencies.push((arrived.get(email) as number) - started);
    }
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.ceil(latencies.length * 0.95) - 1];
    const ratio = p95 / TARGET_MS;
    console.log(`invite p95=${p95.toFixed(1)} ms (target <= ${TARGET_MS}) ratio=${ratio.toFixed(3)}`);
    return { p95, ratio };
  } finally {
    await worker?.close();
    await app.close();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

if (require.main === module) {
  main(process.argv[2] ? Number(process.argv[2]) : undefined).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
