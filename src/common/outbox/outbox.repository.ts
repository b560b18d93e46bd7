import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/db';
import type { JobName, QueueName } from '../queue/queues';

export interface PendingMessage {
  id: string;
  queue: QueueName;
  job: JobName;
  payload: Record<string, unknown>;
}

/** The `outbox` table: messages recorded with a change, dispatched to BullMQ by the relay after commit. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Inserts messages of one job and wakes the relay at commit (NOTIFY is transactional), in one statement. */
  async insert(tx: Tx, ids: string[], queue: QueueName, job: JobName, payloads: Record<string, unknown>[]): Promise<void> {
    await tx.query(
      `WITH i AS (INSERT INTO outbox (id, queue, job, payload) SELECT id, $2, $3, payload FROM unnest($1::uuid[], $4::jsonb[]) AS v(id, payload))
       SELECT pg_notify('outbox', '')`,
      [ids, queue, job, payloads.map((p) => JSON.stringify(p))],
      { name: 'outbox_add_many' },
    );
  }

  /** Drops fields from a message's payload (secrets its job no longer needs). */
  async forget(id: string, fields: string[]): Promise<void> {
    await this.db.query(`UPDATE outbox SET payload = payload - $2::text[] WHERE id = $1`, [id, fields]);
  }

  /** Up to `limit` pending messages, oldest first, locked for `tx`; rows another relay holds are skipped. */
  claimPending(tx: Tx, limit: number): Promise<PendingMessage[]> {
    return tx.query<PendingMessage>(
      `SELECT id, queue, job, payload FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markDispatched(tx: Tx, ids: string[]): Promise<void> {
    await tx.query(`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Outside the claim's transaction (rolled back): the attempt and its error stay visible on the rows. */
  async recordFailedAttempt(ids: string[], error: string): Promise<void> {
    await this.db.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
      ids,
      error.slice(0, 500),
    ]);
  }
}
