import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../../database/columns';
import { Db, Tx } from '../../database/db';
import { DomainEvent } from '../events';
import { JobName, queueOfJob } from '../queue/queues';

/**
 * Records side effects inside the caller's transaction; the relay dispatches them after commit. One statement
 * per call: the rows and the relay's wake-up (NOTIFY is transactional; polling covers a missed notification).
 */
@Injectable()
export class OutboxService {
  constructor(private readonly db: Db) {}

  async add(tx: Tx | EntityManager, job: JobName, payload: Record<string, unknown>): Promise<string> {
    return (await this.addMany(tx, job, [payload]))[0];
  }

  /** Several messages of one job in one statement (e.g. a batch's `trace.error` events). */
  async addMany(tx: Tx | EntityManager, job: JobName, payloads: Record<string, unknown>[]): Promise<string[]> {
    if (!payloads.length) return [];
    const ids = payloads.map(() => newId());
    const text = `WITH i AS (INSERT INTO outbox (id, queue, job, payload)
                    SELECT id, $2, $3, payload FROM unnest($1::uuid[], $4::jsonb[]) AS v(id, payload))
                  SELECT pg_notify('outbox', '')`;
    const values = [ids, queueOfJob(job), job, payloads.map((p) => JSON.stringify(p))];
    if (tx instanceof EntityManager) await tx.query(text, values);
    else await tx.query(text, values, { name: 'outbox_add_many' });
    return ids;
  }

  /**
   * Drops fields from a message's payload once its job no longer needs them (e.g. an invitation's raw token after
   * the email went out or was given up), so no secret stays at rest in the outbox.
   */
  async forget(id: string, fields: string[]): Promise<void> {
    await this.db.query(`UPDATE outbox SET payload = payload - $2::text[] WHERE id = $1`, [id, fields]);
  }

  /** Records an event for the workspace's integrations (delivered by the integrations module). */
  publish(tx: Tx | EntityManager, event: DomainEvent<unknown>): Promise<string> {
    return this.add(tx, JobName.DispatchEvent, { event } as Record<string, unknown>);
  }

  publishMany(tx: Tx | EntityManager, events: DomainEvent<unknown>[]): Promise<string[]> {
    return this.addMany(
      tx,
      JobName.DispatchEvent,
      events.map((event) => ({ event })),
    );
  }
}
