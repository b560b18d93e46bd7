/**
 * Every BullMQ queue and job name, typed. The worker refuses to start when a job has no handler
 * or two (see QueueRegistry). Attempts and backoff are declared per queue here.
 */
import { Backoffs } from 'bullmq';

export enum QueueName {
  Email = 'email',
  IntegrationHealth = 'integration-health',
  Alerts = 'alerts',
  Maintenance = 'maintenance',
  AlertEvaluation = 'alert-evaluation',
}

/** Add a job here, to its queue below, and a `@JobHandler` for it in its domain module. */
export enum JobName {
  PruneIdempotencyKeys = 'prune-idempotency-keys',
  /** fan a DomainEvent (src/common/events.ts), or several (`{ events }`), out to their workspace's enabled integrations */
  DispatchEvent = 'dispatch-event',
  /** deliver one event to one integration (job id `${eventId}.${type}`; retried with backoff) */
  DeliverAlert = 'deliver-alert',
  /** fan out one health check per enabled integration (repeatable, HEALTH_CHECK_INTERVAL_SECONDS) */
  CheckIntegrationsHealth = 'check-integrations-health',
  /** probe one integration and record its health (5 failures in a row disable it) */
  CheckIntegrationHealth = 'check-integration-health',
  /** delete integration delivery log entries older than 30 days (repeatable) */
  PruneIntegrationDeliveries = 'prune-integration-deliveries',
  /** render and send one invitation email (job id = outbox id) */
  SendInvitationEmail = 'send-invitation-email',
  /** mark invitations past expiresAt as expired (repeatable) */
  ExpireInvitations = 'expire-invitations',
  /** create the coming months' span partitions ahead of time (repeatable) */
  CreateSpanPartitions = 'create-span-partitions',
  /** delete traces past their workspace's retention, dropping whole partitions when possible (repeatable) */
  ApplyTraceRetention = 'apply-trace-retention',
  /** forget processed Stripe webhook event ids after 30 days (Stripe stops retrying after 3) (repeatable) */
  PruneBillingWebhookEvents = 'prune-billing-webhook-events',
  /** evaluate the alert rules due in this interval (repeatable, ALERT_EVALUATION_INTERVAL_SECONDS; once per rule per interval) */
  EvaluateAlertRules = 'evaluate-alert-rules',
}

export const JOBS_BY_QUEUE: Record<QueueName, JobName[]> = {
  [QueueName.Email]: [JobName.SendInvitationEmail],
  [QueueName.IntegrationHealth]: [JobName.CheckIntegrationsHealth, JobName.CheckIntegrationHealth],
  [QueueName.Alerts]: [JobName.DispatchEvent, JobName.DeliverAlert],
  [QueueName.Maintenance]: [
    JobName.PruneIdempotencyKeys,
    JobName.ExpireInvitations,
    JobName.CreateSpanPartitions,
    JobName.ApplyTraceRetention,
    JobName.PruneIntegrationDeliveries,
    JobName.PruneBillingWebhookEvents,
  ],
  [QueueName.AlertEvaluation]: [JobName.EvaluateAlertRules],
};

export interface QueuePolicy {
  attempts: number;
  /** `retry-after`: exponential with jitter, unless the failure names its own delay (RetryLaterError) */
  backoff: { type: 'exponential' | 'retry-after'; delay: number; jitter?: number };
  concurrency: number;
}

/** A failed attempt that knows when to try again (e.g. a provider's 429 with Retry-After). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

/**
 * BullMQ's backoff for `retry-after` jobs (the worker's `backoffStrategy`): the delay a RetryLaterError names,
 * but never less than BullMQ's own exponential delay with jitter for the job's `delay` and `jitter`.
 */
export function retryAfterBackoff(
  attemptsMade: number,
  _type: string | undefined,
  err: Error | undefined,
  job: { opts: { backoff?: number | { delay?: number; jitter?: number } } } | undefined,
): number {
  const backoff = typeof job?.opts.backoff === 'object' ? job.opts.backoff : {};
  const exponential = Backoffs.builtinStrategies.exponential(backoff.delay ?? 1000, backoff.jitter ?? 0)(attemptsMade) as number;
  return err instanceof RetryLaterError ? Math.max(err.retryAfterMs, exponential) : exponential;
}

export const QUEUE_POLICIES: Record<QueueName, QueuePolicy> = {
  [QueueName.Email]: { attempts: 8, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 }, concurrency: 5 },
  [QueueName.IntegrationHealth]: { attempts: 1, backoff: { type: 'exponential', delay: 1000 }, concurrency: 5 },
  // ~24 h of retries for alerts: 1 s, 2 s, 4 s … capped by attempts (2^17 s ≈ 36 h total span)
  // a provider's 429/503 Retry-After (capped at an hour) wins over the schedule when it asks for longer
  [QueueName.Alerts]: { attempts: 18, backoff: { type: 'retry-after', delay: 1000, jitter: 0.5 }, concurrency: 10 },
  [QueueName.Maintenance]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, concurrency: 1 },
  // a failed run is not retried: the next interval evaluates again (rules claimed by the failed run wait for it)
  [QueueName.AlertEvaluation]: { attempts: 1, backoff: { type: 'exponential', delay: 1000 }, concurrency: 1 },
};

export const queueOfJob = (job: JobName): QueueName =>
  (Object.keys(JOBS_BY_QUEUE) as QueueName[]).find((q) => JOBS_BY_QUEUE[q].includes(job)) as QueueName;
