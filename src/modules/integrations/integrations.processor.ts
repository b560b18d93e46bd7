import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DomainEvent } from '../../common/events';
import { JobHandler } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';

/**
 * Fans events out to the workspace's enabled integrations. Until the integration providers exist
 * there is nothing to deliver to, so an event is acknowledged with zero deliveries.
 */
@Injectable()
export class IntegrationsProcessor {
  private readonly logger = new Logger('Integrations');

  @JobHandler(JobName.DispatchEvent)
  async dispatch(job: Job<{ event: DomainEvent }>) {
    this.logger.debug({ event: job.data.event.type, workspaceId: job.data.event.workspaceId }, 'event received');
    return { deliveries: 0 };
  }
}
