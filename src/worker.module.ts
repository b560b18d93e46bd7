import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CacheModule } from './common/cache/cache.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { LoggingModule } from './common/logging';
import { MaintenanceProcessor } from './common/maintenance.processor';
import { QueueModule } from './common/queue/queue.module';
import { JobName } from './common/queue/queues';
import { REPEATABLE_JOBS, RepeatableJob, WorkerRegistry } from './common/queue/worker.registry';
import { RedisModule } from './common/redis/redis.module';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { OutboxModule } from './common/outbox/outbox.module';
import { DomainEventsModule } from './common/domain-events';
import { ReadinessModule } from './common/health/readiness';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { OutboxRelay } from './common/outbox/outbox.relay';
import { DOMAIN_MODULES } from './modules';

/** Repeatable jobs the worker schedules at start. */
export function repeatableJobs(config: AppConfig): RepeatableJob[] {
  return [
    { job: JobName.PruneIdempotencyKeys, everyMs: 3600_000 },
    // reads never rely on it (an expired token is refused either way); it keeps statuses and seat counts tidy
    { job: JobName.ExpireInvitations, everyMs: 5 * 60_000 },
    // span partitions for this month and the next two; ingestion also creates a missing one on demand
    { job: JobName.CreateSpanPartitions, everyMs: 24 * 3600_000 },
    { job: JobName.ApplyTraceRetention, everyMs: 6 * 3600_000 },
    { job: JobName.CheckIntegrationsHealth, everyMs: config.healthCheckIntervalSeconds * 1000 },
    { job: JobName.PruneIntegrationDeliveries, everyMs: 3600_000 },
    { job: JobName.PruneBillingWebhookEvents, everyMs: 24 * 3600_000 },
    // one scheduler (fixed id) for all workers: one run per interval; each rule is also claimed once per interval
    { job: JobName.EvaluateAlertRules, everyMs: config.alertEvaluationIntervalSeconds * 1000 },
  ];
}

@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        CryptoModule,
        DatabaseModule,
        OutboxModule,
        DomainEventsModule,
        ReadinessModule,
        IdempotencyModule,
        RedisModule,
        QueueModule,
        CacheModule,
        DiscoveryModule,
        ...DOMAIN_MODULES,
      ],
      providers: [OutboxRelay, WorkerRegistry, MaintenanceProcessor, { provide: REPEATABLE_JOBS, useValue: repeatableJobs(config) }],
      exports: [OutboxRelay, WorkerRegistry],
    };
  }
}
