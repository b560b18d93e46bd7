import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency/idempotency.interceptor';
import { JobHandler } from './queue/job-handler';
import { JobName } from './queue/queues';

@Injectable()
export class MaintenanceProcessor {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Drops idempotency records past their 24 h replay window. */
  @JobHandler(JobName.PruneIdempotencyKeys)
  async pruneIdempotencyKeys() {
    const res = await this.pool.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [
      IDEMPOTENCY_TTL_HOURS,
    ]);
    return { deleted: res.rowCount };
  }
}
