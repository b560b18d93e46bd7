import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import { DomainEvent, EVENT_TYPES } from '../../common/events';
import { JobHandler, OnJobFailed } from '../../common/queue/job-handler';
import { Queues } from '../../common/queue/queue.module';
import { JobName, QueueName, RetryLaterError } from '../../common/queue/queues';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../database/columns';
import { IntegrationConfig } from './entities/integration-config.entity';
import { IntegrationRunner } from './integration-runner';
import type { IntegrationType } from './integration-types';
import { PROVIDERS } from './providers';

export interface DeliverAlertData {
  deliveryId: string;
  integrationId: string;
  event: DomainEvent;
}

/** Delivery log entries are kept this long. */
export const DELIVERY_RETENTION_DAYS = 30;
const HEALTH_BATCH = 500;

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
    @InjectDataSource() private readonly ds: DataSource,
    private readonly queues: Queues,
    private readonly runner: IntegrationRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @JobHandler(JobName.DispatchEvent)
  async dispatch(job: Job<{ event: DomainEvent }>) {
    const event = job.data.event;
    if (!event || typeof event.id !== 'string' || !EVENT_TYPES.includes(event.type) || typeof event.workspaceId !== 'string') {
      throw new UnrecoverableError('malformed event');
    }
    const integrations = await this.ds
      .getRepository(IntegrationConfig)
      .createQueryBuilder('i')
      .where('i.workspace_id = :ws AND i.enabled AND i.config IS NOT NULL', { ws: event.workspaceId })
      .getMany();
    const targets = integrations.filter((i) => PROVIDERS[i.type].accepts(event, i.config));
    if (!targets.length) return { deliveries: 0 };
    // One delivery row per (event, integration): a re-dispatched event finds its rows and does not duplicate them.
    await this.ds.query(
      `INSERT INTO integration_deliveries (id, workspace_id, integration_id, integration_type, event_id, event_type)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::varchar[], $6::varchar[])
       ON CONFLICT (event_id, integration_id) DO NOTHING`,
      [
        targets.map(() => newId()),
        targets.map(() => event.workspaceId),
        targets.map((t) => t.id),
        targets.map((t) => t.type),
        targets.map(() => event.id),
        targets.map(() => event.type),
      ],
    );
    const rows = (await this.ds.query(
      `SELECT id, integration_id AS "integrationId", status FROM integration_deliveries WHERE event_id = $1 AND integration_id = ANY($2::uuid[])`,
      [event.id, targets.map((t) => t.id)],
    )) as { id: string; integrationId: string; status: string }[];
    const pending = rows.filter((r) => r.status === 'pending');
    const byId = new Map(targets.map((t) => [t.id, t]));
    await this.queues.get(QueueName.Alerts).addBulk(
      pending.map((r) => {
        const target = byId.get(r.integrationId) as IntegrationConfig;
        return {
          name: JobName.DeliverAlert,
          data: { deliveryId: r.id, integrationId: target.id, event } satisfies DeliverAlertData,
          opts: { jobId: deliveryJobId(event.id, target.type), attempts: PROVIDERS[target.type].attempts },
        };
      }),
    );
    return { deliveries: pending.length };
  }

  @JobHandler(JobName.DeliverAlert)
  async deliver(job: Job<DeliverAlertData>) {
    const { deliveryId, integrationId, event } = job.data;
    const [delivery] = (await this.ds.query(`SELECT status FROM integration_deliveries WHERE id = $1`, [deliveryId])) as {
      status: string;
    }[];
    if (!delivery || delivery.status !== 'pending') return { skipped: delivery?.status ?? 'missing' };
    const integration = await this.ds.getRepository(IntegrationConfig).findOneBy({ id: integrationId });
    if (!integration?.enabled || !integration.config) {
      await this.ds.query(
        `UPDATE integration_deliveries SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
        [deliveryId, 'integration was disabled before delivery'],
      );
      return { skipped: 'disabled' };
    }
    const outcome = await this.runner.deliver(integration, event);
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const status = outcome.ok ? 'delivered' : !outcome.retryable || lastAttempt ? 'failed' : 'pending';
    await this.ds.query(
      `UPDATE integration_deliveries SET attempts = attempts + 1, status = $2::varchar, response_status = $3, latency_ms = $4, last_error = $5,
              delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() ELSE NULL END, updated_at = now()
        WHERE id = $1 AND status = 'pending'`,
      [deliveryId, status, outcome.statusCode ?? null, outcome.latencyMs, outcome.ok ? null : (outcome.error?.slice(0, 500) ?? 'failed')],
    );
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
    await this.ds.query(
      `UPDATE integration_deliveries SET status = 'failed', last_error = COALESCE(last_error, $2), updated_at = now() WHERE id = $1 AND status = 'pending'`,
      [job.data.deliveryId, (job.failedReason ?? 'failed').slice(0, 500)],
    );
  }

  @JobHandler(JobName.CheckIntegrationsHealth)
  async fanOutHealthChecks() {
    const intervalMs = this.config.healthCheckIntervalSeconds * 1000;
    // One check per integration per interval, however often the fan-out runs.
    const slot = Math.floor(Date.now() / intervalMs);
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const rows = (await this.ds.query(
        `SELECT id FROM integrations_config WHERE enabled AND config IS NOT NULL AND id > $1 ORDER BY id LIMIT ${HEALTH_BATCH}`,
        [after],
      )) as { id: string }[];
      if (!rows.length) break;
      await this.queues.get(QueueName.IntegrationHealth).addBulk(
        rows.map((r) => ({
          name: JobName.CheckIntegrationHealth,
          data: { integrationId: r.id },
          opts: { jobId: `health.${r.id}.${slot}` },
        })),
      );
      total += rows.length;
      after = rows[rows.length - 1].id;
      if (rows.length < HEALTH_BATCH) break;
    }
    return { scheduled: total };
  }

  @JobHandler(JobName.CheckIntegrationHealth)
  async checkHealth(job: Job<{ integrationId: string }>) {
    const integration = await this.ds.getRepository(IntegrationConfig).findOneBy({ id: job.data.integrationId });
    if (!integration?.enabled || !integration.config) return { skipped: true };
    const outcome = await this.runner.probe(integration);
    const { autoDisabled } = await this.runner.recordHealth(integration.id, outcome, { autoDisable: true });
    return { ok: outcome.ok, statusCode: outcome.statusCode, autoDisabled };
  }

  @JobHandler(JobName.PruneIntegrationDeliveries)
  async pruneDeliveries() {
    let deleted = 0;
    for (;;) {
      const [, count] = (await this.ds.query(
        `DELETE FROM integration_deliveries WHERE id IN (
           SELECT id FROM integration_deliveries WHERE created_at < now() - make_interval(days => $1) LIMIT 5000)`,
        [DELIVERY_RETENTION_DAYS],
      )) as [unknown, number];
      deleted += count;
      if (count < 5000) break;
    }
    if (deleted) this.logger.log({ deleted }, 'pruned old integration deliveries');
    return { deleted };
  }
}
