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

  /** Same as `add`, for hot paths that run their own pg transaction. */
  async addWithClient(client: PoolClient, job: JobName, payload: Record<string, unknown>): Promise<string> {
    const id = newId();
    await client.query(`INSERT INTO outbox (id, queue, job, payload) VALUES ($1, $2, $3, $4::jsonb)`, [id, queueOfJob(job), job, JSON.stringify(payload)]);
    await client.query(`SELECT pg_notify('outbox', '')`);
    return id;
  }

  /** Records an event for the workspace's integrations (delivered by the integrations module). */
  publish(manager: EntityManager, event: DomainEvent<unknown>): Promise<string> {
    return this.add(manager, JobName.DispatchEvent, { event } as Record<string, unknown>);
  }

  publishWithClient(client: PoolClient, event: DomainEvent<unknown>): Promise<string> {
    return this.addWithClient(client, JobName.DispatchEvent, { event } as Record<string, unknown>);
  }
}
