import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainEvent, EVENT_TYPES } from '../../common/events';
import { JobHandler, OnJobFailed } from '../../common/queue/job-handler';
import { Queues } from '../../common/queue/queue.module';
import { JobName, QueueName, RetryLaterError } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { IntegrationConfig } from './entities/integration-config.entity';
import { IntegrationRunner } from './integration-runner';
import type { IntegrationType } from './integration-types';
import { PROVIDERS } from './providers';
import { IntegrationConfigRepository } from './repositories/integration-config.repository';
import { IntegrationDeliveryRepository } from './repositories/integration-delivery.repository';

export interface DeliverAlertData {
  deliveryId: string;
  integrationId: string;
  event: DomainEvent;
}

/** Delivery log entries are kept this long. */
export const DELIVERY_RETENTION_DAYS = 30;
const HEALTH_BATCH = 500;
const PRUNE_BATCH = 5000;

/** BullMQ job ids may not contain ':' (event ids from other modules might). */
export const deliveryJobId = (eventId: string, type: IntegrationType) => `${eventId}.${type}`.replace(/:/g, '_');

/**
 * The integrations' worker side: events fan out to one DeliverAlert job per enabled integration
 * (job id per event and type, plus a unique delivery row, so each is delivered once), deliveries
 * retry with exponential backoff and jitter, and scheduled health checks disable integrations that
 * keep failing.
 */
@Injectable()
export class IntegrationsProcessor {
  private readonly logger = new Logger('Integrations');

  constructor(
    private readonly configs: IntegrationConfigRepository,
    private readonly deliveries: IntegrationDeliveryRepository,
    private readonly queues: Queues,
    private readonly runner: IntegrationRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler(JobName.DispatchEvent)
  async dispatch(job: Job<{ event?: DomainEvent; events?: DomainEvent[] }>) {
    // one event (`publish`) or several in one message (`publishMany`)
    const events = Array.isArray(job.data.events) ? job.data.events : [job.data.event];
    for (const event of events) {
      if (!event || typeof event.id !== 'string' || !EVENT_TYPES.includes(event.type) || typeof event.workspaceId !== 'string') {
        throw new UnrecoverableError('malformed event');
      }
    }
    const enabled = new Map<string, IntegrationConfig[]>();
    const jobs: { name: JobName; data: DeliverAlertData; opts: { jobId: string; attempts: number } }[] = [];
    for (const event of events as DomainEvent[]) {
      let integrations = enabled.get(event.workspaceId);
      if (!integrations) enabled.set(event.workspaceId, (integrations = await this.configs.listEnabled(event.workspaceId)));
      const only = Array.isArray(event.integrations) ? new Set(event.integrations) : null;
      const targets = integrations.filter((i) => (!only || only.has(i.type)) && PROVIDERS[i.type].accepts(event, i.config));
      if (!targets.length) continue;
      // One delivery row per (event, integration): a re-dispatched event finds its rows and does not duplicate them.
      const rows = await this.deliveries.insertPending(event, targets);
      const byId = new Map(targets.map((t) => [t.id, t]));
      for (const r of rows) {
        if (r.status !== 'pending') continue;
        const target = byId.get(r.integrationId) as IntegrationConfig;
        jobs.push({
          name: JobName.DeliverAlert,
          data: { deliveryId: r.id, integrationId: target.id, event },
          opts: { jobId: deliveryJobId(event.id, target.type), attempts: PROVIDERS[target.type].attempts },
        });
      }
    }
    if (jobs.length) await this.queues.get(QueueName.Alerts).addBulk(jobs);
    return { deliveries: jobs.length };
  }

  @JobHandler(JobName.DeliverAlert)
  async deliver(job: Job<DeliverAlertData>) {
    const { deliveryId, integrationId, event } = job.data;
    const status = await this.deliveries.status(deliveryId);
    if (status !== 'pending') return { skipped: status ?? 'missing' };
    const integration = await this.configs.findById(integrationId);
    if (!integration?.enabled || !integration.config) {
      await this.deliveries.failPending(deliveryId, 'integration was disabled before delivery', false);
      return { skipped: 'disabled' };
    }
    const outcome = await this.runner.deliver(integration, event);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.deliveries.recordAttempt(deliveryId, {
      status: outcome.ok ? 'delivered' : !outcome.retryable || lastAttempt ? 'failed' : 'pending',
      responseStatus: outcome.statusCode ?? null,
      latencyMs: outcome.latencyMs,
      lastError: outcome.ok ? null : (outcome.error?.slice(0, 500) ?? 'failed'),
    });
    if (outcome.ok) return { delivered: true, statusCode: outcome.statusCode };
    // The error text becomes the job's failedReason (and a log line): short, never a URL or secret.
    if (!outcome.retryable) throw new UnrecoverableError(outcome.error ?? 'failed');
    // a provider that said when to come back (429/503 Retry-After) is not asked again sooner (retryAfterBackoff)
    if (outcome.retryAfterMs !== undefined) throw new RetryLaterError(outcome.error ?? 'failed', outcome.retryAfterMs);
    throw new Error(outcome.error ?? 'failed');
  }

  /** After the last attempt (or a crash in it): the delivery is failed for good, visible in the delivery log. */
  @OnJobFailed(JobName.DeliverAlert)
  async deliveryFailed(job: Job<DeliverAlertData>) {
    await this.deliveries.failPending(job.data.deliveryId, (job.failedReason ?? 'failed').slice(0, 500), true);
  }

  @JobHandler(JobName.CheckIntegrationsHealth)
  async fanOutHealthChecks() {
    const intervalMs = this.config.healthCheckIntervalSeconds * 1000;
    // One check per integration per interval, however often the fan-out runs.
    const slot = Math.floor(Date.now() / intervalMs);
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const ids = await this.configs.enabledIdsAfter(after, HEALTH_BATCH);
      if (!ids.length) break;
      await this.queues.get(QueueName.IntegrationHealth).addBulk(
        ids.map((id) => ({
          name: JobName.CheckIntegrationHealth,
          data: { integrationId: id },
          opts: { jobId: `health.${id}.${slot}` },
        })),
      );
      total += ids.length;
      after = ids[ids.length - 1];
      if (ids.length < HEALTH_BATCH) break;
    }
    return { scheduled: total };
  }

  @JobHandler(JobName.CheckIntegrationHealth)
  async checkHealth(job: Job<{ integrationId: string }>) {
    const integration = await this.configs.findById(job.data.integrationId);
    if (!integration?.enabled || !integration.config) return { skipped: true };
    const outcome = await this.runner.probe(integration);
    const { autoDisabled } = await this.runner.recordHealth(integration.id, outcome, { autoDisable: true });
    return { ok: outcome.ok, statusCode: outcome.statusCode, autoDisabled };
  }

  @JobHandler(JobName.PruneIntegrationDeliveries)
  async pruneDeliveries() {
    let deleted = 0;
    for (;;) {
      const count = await this.deliveries.pruneBatch(DELIVERY_RETENTION_DAYS, PRUNE_BATCH);
      deleted += count;
      if (count < PRUNE_BATCH) break;
    }
    if (deleted) this.logger.log({ deleted }, 'pruned old integration deliveries');
    return { deleted };
  }
}
