import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHandler } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';

/**
 * How long a processed Stripe event id is remembered. Stripe retries a delivery for up to 3 days and a
 * captured payload stops verifying after the signature tolerance (5 minutes), so 30 days is ample.
 */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;

@Injectable()
export class BillingProcessor {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @JobHandler(JobName.PruneBillingWebhookEvents)
  async pruneWebhookEvents(): Promise<{ deleted: number }> {
    const [, deleted] = (await this.ds.query(`DELETE FROM billing_webhook_events WHERE processed_at < now() - make_interval(days => $1)`, [
      WEBHOOK_EVENT_RETENTION_DAYS,
    ])) as [unknown, number];
    return { deleted };
  }
}
