import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/db';

export interface IdempotencyRow {
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  /** seconds since the record was created */
  age: number;
}

/** The `idempotency_keys` table (records of POSTs sent with an Idempotency-Key, per credential scope). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /** Records the request as in flight; false when the scope already has that key. */
  async begin(scope: string, key: string, hash: string): Promise<boolean> {
    const { count } = await this.db.execute(
      `INSERT INTO idempotency_keys (scope, key, request_hash, state) VALUES ($1, $2, $3, 'in_flight') ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, hash],
      { name: 'idempotency_begin' },
    );
    return count === 1;
  }

  async find(scope: string, key: string): Promise<IdempotencyRow | undefined> {
    const [row] = await this.db.query<IdempotencyRow>(
      `SELECT request_hash, state, response_status, response_body, EXTRACT(EPOCH FROM now() - created_at)::float8 AS age
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key],
      { name: 'idempotency_find' },
    );
    return row;
  }

  /** Deletes the record if it is at least `ageSeconds` old (an expired one; a newer record of the key stays). */
  async deleteIfOlder(scope: string, key: string, ageSeconds: number): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at <= now() - make_interval(secs => $3)`, [
      scope,
      key,
      ageSeconds,
    ]);
  }

  async finish(scope: string, key: string, status: number, sealedBody: string): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(sealedBody)],
      { name: 'idempotency_finish' },
    );
  }

  /** Frees the key of a request that did not run. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND state = 'in_flight'`, [scope, key]);
  }

  /** Records past their replay window; returns how many were deleted. */
  async prune(olderThanHours: number): Promise<number> {
    const { count } = await this.db.execute(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
      olderThanHours,
    ]);
    return count;
  }

  /** Key rotation: the next `limit` sealed responses after (scope, key), locked for `tx`. */
  sealedAfter(tx: Tx, after: [string, string], limit: number): Promise<{ scope: string; key: string; sealed: string }[]> {
    return tx.query(
      `SELECT scope, key, response_body #>> '{}' AS sealed FROM idempotency_keys
        WHERE jsonb_typeof(response_body) = 'string' AND (scope, key) > ($1, $2) ORDER BY scope, key LIMIT $3 FOR UPDATE`,
      [...after, limit],
    );
  }

  async reseal(tx: Tx, scope: string, key: string, envelope: string): Promise<void> {
    await tx.query(`UPDATE idempotency_keys SET response_body = to_jsonb($3::text) WHERE scope = $1 AND key = $2`, [scope, key, envelope]);
  }
}
