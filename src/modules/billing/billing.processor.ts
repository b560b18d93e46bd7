import { Injectable } from '@nestjs/common';
import { JobHandler } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';
import { WebhookEventRepository } from './repositories/webhook-event.repository';

/**
 * How long a processed Stripe event id is remembered. Stripe retries a delivery for up to 3 days and a
 * captured payload stops verifying after the signature tolerance (5 minutes), so 30 days is ample.
 */
export const WEBHOOK_EVENT_RETENTION_DAYS = 30;

@Injectable()
export class BillingProcessor {
  constructor(private readonly processed: WebhookEventRepository) {}

  @JobHandler(JobName.PruneBillingWebhookEvents)
  async pruneWebhookEvents(): Promise<{ deleted: number }> {
    return { deleted: await this.processed.prune(WEBHOOK_EVENT_RETENTION_DAYS) };
  }
}
