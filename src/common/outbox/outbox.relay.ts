import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client, Pool } from 'pg';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { reportSwallowed, swallow } from '../metrics/swallowed';
import { Queues } from '../queue/queue.module';
import { JobName, QueueName } from '../queue/queues';
import { PG_POOL } from '../../database/pg-pool';

const BATCH = 100;
const ADD_TIMEOUT_MS = 5000;

/**
 * Moves outbox rows to BullMQ (job id = outbox id, so a row dispatched twice is one job). Woken by
 * LISTEN/NOTIFY and by a poll; rows stay pending while Redis is down and go out when it is back.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running = false;
  private again = false;
  private stopped = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly queues: Queues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    this.timer = setInterval(() => this.kick(), this.config.outboxPollIntervalMs);
    await this.listen();
    this.kick();
  }

  private async listen() {
    try {
      const client = new Client({ connectionString: this.config.databaseUrl });
      // a dropped connection also ends it ('end' below reconnects); counted and logged here
      client.on('error', swallow('outbox.listen_connection'));
      client.on('notification', () => this.kick());
      client.on('end', () => {
        this.listener = undefined;
        if (!this.stopped) setTimeout(() => void this.listen(), 1000).unref();
      });
      await client.connect();
      await client.query('LISTEN outbox');
      this.listener = client;
    } catch (err) {
      // the poll keeps the relay going meanwhile; LISTEN is retried in a second
      reportSwallowed('outbox.listen', err);
      if (!this.stopped) setTimeout(() => void this.listen(), 1000).unref();
    }
  }

  /** Runs a dispatch pass now (or right after the current one). */
  kick() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.current = this.drain().finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Waits for the pass in progress (tests and shutdown). */
  async idle() {
    await this.current;
  }

  private async drain() {
    try {
      while (!this.stopped && (await this.dispatchBatch()) === BATCH) {
        /* keep going */
      }
    } catch (err) {
      // the rows stay pending: the next poll or notification retries them
      reportSwallowed('outbox.dispatch', err);
    }
  }

  async dispatchBatch(): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string; queue: QueueName; job: JobName; payload: Record<string, unknown> }>(
        `SELECT id, queue, job, payload FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (!rows.length) {
        await client.query('COMMIT');
        return 0;
      }
      try {
        const byQueue = new Map<QueueName, typeof rows>();
        for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
        await withTimeout(
          Promise.all(
            [...byQueue].map(([queue, list]) =>
              this.queues
                .get(queue)
                .addBulk(list.map((r) => ({ name: r.job, data: { ...r.payload, outboxId: r.id }, opts: { jobId: r.id } }))),
            ),
          ),
          ADD_TIMEOUT_MS,
        );
      } catch (err) {
        await client.query('ROLLBACK');
        await this.pool
          .query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
            rows.map((r) => r.id),
            String((err as Error).message).slice(0, 500),
          ])
          .catch(swallow('outbox.record_attempt', { rows: rows.length }));
        throw err;
      }
      await client.query(`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      await client.query('COMMIT');
      return rows.length;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => {
        // a connection that cannot roll back is not given back to the pool
        broken = e;
        reportSwallowed('outbox.rollback', e);
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current.catch(swallow('outbox.shutdown'));
    await this.listener?.end().catch(swallow('outbox.listen_close'));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<T>((_, rej) => {
      t = setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
