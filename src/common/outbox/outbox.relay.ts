import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Db, Listener } from '../../database/db';
import { reportSwallowed, swallow } from '../metrics/swallowed';
import { Queues } from '../queue/queue.module';
import { QueueName } from '../queue/queues';
import { OutboxRepository, PendingMessage } from './outbox.repository';

const BATCH = 100;
const ADD_TIMEOUT_MS = 5000;

/**
 * Moves outbox rows to BullMQ (job id = outbox id, so a row dispatched twice is one job). Woken by
 * LISTEN/NOTIFY and by a poll; rows stay pending while Redis is down and go out when it is back.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private listener?: Listener;
  private running = false;
  private again = false;
  private stopped = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly repo: OutboxRepository,
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
      this.listener = await this.db.listen('outbox', {
        notify: () => this.kick(),
        // a dropped connection also ends it ('end' reconnects); counted and logged here
        error: swallow('outbox.listen_connection'),
        end: () => {
          this.listener = undefined;
          if (!this.stopped) setTimeout(() => void this.listen(), 1000).unref();
        },
      });
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

  /**
   * One batch: pending rows locked (SKIP LOCKED: several relays share the work), added to their queues with job id =
   * outbox id, marked dispatched; all in one transaction, so a failure (Redis down) leaves them pending.
   */
  async dispatchBatch(): Promise<number> {
    let unsent: { ids: string[]; error: Error } | undefined;
    try {
      return await this.db.transaction(async (tx) => {
        const rows = await this.repo.claimPending(tx, BATCH);
        if (!rows.length) return 0;
        const ids = rows.map((r) => r.id);
        try {
          const byQueue = new Map<QueueName, PendingMessage[]>();
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
          unsent = { ids, error: err as Error };
          throw err;
        }
        await this.repo.markDispatched(tx, ids);
        return rows.length;
      });
    } catch (err) {
      // the claim is rolled back (the rows stay pending); the attempt and its error are recorded on them
      if (unsent) await this.repo.recordFailedAttempt(unsent.ids, String(unsent.error.message)).catch(swallow('outbox.record_attempt'));
      throw err;
    }
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current.catch(swallow('outbox.shutdown'));
    await this.listener?.close().catch(swallow('outbox.listen_close'));
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
