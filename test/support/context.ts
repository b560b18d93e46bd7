import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApiApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/config';
import { OutboxRelay } from '../../src/common/outbox/outbox.relay';
import { WorkerModule } from '../../src/worker.module';
import { withDatabase } from '../setup/global-setup';
import { Http } from './http';

export interface TestContext {
  baseUrl: string;
  config: AppConfig;
  app: NestFastifyApplication;
  worker?: INestApplicationContext;
  http: Http;
  databaseUrl: string;
  /** runs SQL on this file's database */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface ContextOptions {
  /** also start the worker (outbox relay, BullMQ processors) in this process */
  worker?: boolean;
  /** environment overrides, e.g. rate limits for the rate-limit tests */
  env?: Record<string, string>;
}

/** A fresh database cloned from the migrated template, its own Redis prefix, the real app on a real port. */
export async function createTestContext(options: ContextOptions = {}): Promise<TestContext> {
  const baseDb = process.env.DATABASE_URL as string;
  const template = process.env.TEST_TEMPLATE_DB as string;
  const dbName = `${process.env.TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: baseDb });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${template}`);
  await admin.end();
  const databaseUrl = withDatabase(baseDb, dbName);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `t${randomBytes(5).toString('hex')}`,
    PORT: '0',
    DATABASE_POOL_SIZE: '5',
    RATE_LIMIT_PER_MINUTE: '100000',
    INGEST_RATE_LIMIT_PER_MINUTE: '100000',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    MAIL_DIR: `var/test-mail/${dbName}`,
    ...options.env,
  });
  const app = await createApiApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  let worker: INestApplicationContext | undefined;
  if (options.worker) {
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: false });
    await worker.init();
  }
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  return {
    baseUrl,
    config,
    app,
    worker,
    databaseUrl,
    http: new Http(baseUrl),
    sql: async <T>(text: string, params?: unknown[]) => (await pg.query(text, params)).rows as T[],
    async close() {
      await worker
        ?.get(OutboxRelay)
        .idle()
        .catch(() => undefined);
      await worker?.close();
      await app.close();
      await pg.end();
    },
  };
}
