import { Injectable } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { IDEMPOTENCY_TTL_HOURS } from './idempotency/idempotency.interceptor';
import { JobHandler } from './queue/job-handler';
import { JobName } from './queue/queues';

@Injectable()
export class MaintenanceProcessor {
  constructor(private readonly idempotency: IdempotencyRepository) {}

  /** Drops idempotency records past their 24 h replay window. */
  @JobHandler(JobName.PruneIdempotencyKeys)
  async pruneIdempotencyKeys() {
    return { deleted: await this.idempotency.prune(IDEMPOTENCY_TTL_HOURS) };
  }
}
