import { Injectable } from '@nestjs/common';
import { newId } from '../../database/columns';
import type { Tx } from '../../database/db';
import { DomainEvent } from '../events';
import { JobName, queueOfJob } from '../queue/queues';
import { OutboxRepository } from './outbox.repository';

/**
 * Records side effects inside the caller's transaction; the relay dispatches them after commit. One statement
 * per call: the rows and the relay's wake-up (polling covers a missed notification).
 */
@Injectable()
export class OutboxService {
  constructor(private readonly repo: OutboxRepository) {}

  async add(tx: Tx, job: JobName, payload: Record<string, unknown>): Promise<string> {
    return (await this.addMany(tx, job, [payload]))[0];
  }

  /** Several messages of one job in one statement (e.g. a batch's `trace.error` events). */
  async addMany(tx: Tx, job: JobName, payloads: Record<string, unknown>[]): Promise<string[]> {
    if (!payloads.length) return [];
    const ids = payloads.map(() => newId());
    await this.repo.insert(tx, ids, queueOfJob(job), job, payloads);
    return ids;
  }

  /**
   * Drops fields from a message's payload once its job no longer needs them (e.g. an invitation's raw token after
   * the email went out or was given up), so no secret stays at rest in the outbox.
   */
  forget(id: string, fields: string[]): Promise<void> {
    return this.repo.forget(id, fields);
  }

  /** Records an event for the workspace's integrations (delivered by the integrations module). */
  publish(tx: Tx, event: DomainEvent<unknown>): Promise<string> {
    return this.add(tx, JobName.DispatchEvent, { event } as Record<string, unknown>);
  }

  /**
   * Several events in ONE message (e.g. an ingest batch's `trace.error` events): one outbox row and one dispatch job
   * for them all — a job costs the worker ~1.8 ms of CPU however little it does, and an ingest batch of the realistic
   * mix carries ~3 such events. Each event is still delivered once per integration (delivery rows and job ids are per event).
   */
  async publishMany(tx: Tx, events: DomainEvent<unknown>[]): Promise<string[]> {
    if (events.length <= 1) return Promise.all(events.map((event) => this.publish(tx, event)));
    return this.add(tx, JobName.DispatchEvent, { events } as Record<string, unknown>).then((id) => [id]);
  }
}
