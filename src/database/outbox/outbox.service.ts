import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';
import { DomainEvent } from '../../common/events';
import { newId } from '../columns';
import { JobName, queueOfJob } from '../../common/queue/queues';
import { OutboxMessage } from './outbox.entity';

/** Records side effects inside the caller's transaction; the relay dispatches them after commit. */
@Injectable()
export class OutboxService {
  async add(manager: EntityManager, job: JobName, payload: Record<string, unknown>): Promise<string> {
    const id = newId();
    await manager.insert(OutboxMessage, { id, queue: queueOfJob(job), job, payload: payload as never });
    // Wakes the relay at commit (NOTIFY is transactional); polling covers a missed notification.
    await manager.query(`SELECT pg_notify('outbox', '')`);
    return id;
  }

  /** Same as `add`, for hot paths that run their own pg transaction (one round trip for the row and the wake-up). */
  async addWithClient(client: PoolClient, job: JobName, payload: Record<string, unknown>): Promise<string> {
    return (await this.addManyWithClient(client, job, [payload]))[0];
  }

  /** Several messages of one job in one statement (e.g. a batch's `trace.error` events). */
  async addManyWithClient(client: PoolClient, job: JobName, payloads: Record<string, unknown>[]): Promise<string[]> {
    if (!payloads.length) return [];
    const ids = payloads.map(() => newId());
    await client.query({
      name: 'outbox_add_many',
      text: `WITH i AS (INSERT INTO outbox (id, queue, job, payload) SELECT id, $2, $3, payload FROM unnest($1::uuid[], $4::jsonb[]) AS v(id, payload))
             SELECT pg_notify('outbox', '')`,
      values: [ids, queueOfJob(job), job, payloads.map((p) => JSON.stringify(p))],
    });
    return ids;
  }

  /** Records an event for the workspace's integrations (delivered by the integrations module). */
  publish(manager: EntityManager, event: DomainEvent<unknown>): Promise<string> {
    return this.add(manager, JobName.DispatchEvent, { event } as Record<string, unknown>);
  }

  publishWithClient(client: PoolClient, event: DomainEvent<unknown>): Promise<string> {
    return this.addWithClient(client, JobName.DispatchEvent, { event } as Record<string, unknown>);
  }

  publishManyWithClient(client: PoolClient, events: DomainEvent<unknown>[]): Promise<string[]> {
    return this.addManyWithClient(
      client,
      JobName.DispatchEvent,
      events.map((event) => ({ event })),
    );
  }
}
