import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { swallow } from '../metrics/swallowed';
import { JOB_FAILED_HANDLER, JOB_HANDLER, JobHandlerFn } from './job-handler';
import { BULL_CONNECTION, Queues } from './queue.module';
import { JobName, JOBS_BY_QUEUE, QUEUE_POLICIES, QueueName, retryAfterBackoff } from './queues';

/** A repeatable job, scheduled by the worker at start (upserted, so restarts do not duplicate it). */
export interface RepeatableJob {
  job: JobName;
  everyMs: number;
}
export const REPEATABLE_JOBS = Symbol('REPEATABLE_JOBS');

/** Every job needs exactly one handler, and every queue entry must name a known job. */
export function handlerProblems(
  found: Map<string, unknown[]>,
  jobs: string[],
  byQueue: Record<string, string[]> = JOBS_BY_QUEUE,
): string[] {
  const problems: string[] = [];
  for (const job of jobs) {
    const n = found.get(job)?.length ?? 0;
    if (n === 0) problems.push(`job "${job}" has no handler`);
    if (n > 1) problems.push(`job "${job}" has ${n} handlers`);
    const queues = Object.keys(byQueue).filter((q) => byQueue[q].includes(job));
    if (queues.length !== 1) problems.push(`job "${job}" must belong to exactly one queue (found ${queues.length})`);
  }
  for (const job of found.keys()) if (!jobs.includes(job)) problems.push(`handler for unknown job "${job}"`);
  return problems;
}

/**
 * Discovers `@JobHandler` methods, refuses to start if any job has no handler or two, and runs one
 * BullMQ Worker per queue. Graceful: on shutdown it waits for the jobs in progress.
 */
@Injectable()
export class WorkerRegistry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly workers: Worker[] = [];
  readonly handlers = new Map<JobName, JobHandlerFn>();
  private readonly failedHandlers = new Map<JobName, JobHandlerFn>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly queues: Queues,
    @Inject(BULL_CONNECTION) private readonly connection: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REPEATABLE_JOBS) private readonly repeatable: RepeatableJob[],
  ) {}

  discover() {
    const found = new Map<JobName, JobHandlerFn[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method] as (...a: unknown[]) => Promise<unknown>;
        const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, fn);
        if (name) found.set(name, [...(found.get(name) ?? []), fn.bind(instance) as JobHandlerFn]);
        const failed = this.reflector.get<JobName | undefined>(JOB_FAILED_HANDLER, fn);
        if (failed) this.failedHandlers.set(failed, fn.bind(instance) as JobHandlerFn);
      }
    }
    const problems = handlerProblems(found, Object.values(JobName));
    if (problems.length) throw new Error(`Worker refuses to start: ${problems.join('; ')}`);
    for (const [job, list] of found) this.handlers.set(job, list[0]);
  }

  async onApplicationBootstrap() {
    this.discover();
    const prefix = `${this.config.redisPrefix}:bull`;
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(
        queue,
        async (job: Job) => {
          const handler = this.handlers.get(job.name as JobName);
          if (!handler || !JOBS_BY_QUEUE[queue].includes(job.name as JobName)) throw new Error(`no handler for ${job.name}`);
          return handler(job);
        },
        {
          connection: this.connection.duplicate(),
          prefix,
          concurrency: QUEUE_POLICIES[queue].concurrency,
          autorun: true,
          // a job whose worker died (lock not renewed) goes back to the queue after about JOB_LOCK_SECONDS
          lockDuration: this.config.jobLockSeconds * 1000,
          stalledInterval: this.config.jobLockSeconds * 1000,
          settings: { backoffStrategy: retryAfterBackoff },
        },
      );
      worker.on('failed', (job, err) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1);
        this.logger.warn({ queue, job: job.name, id: job.id, attempt: job.attemptsMade, final, err: err.message }, 'job failed');
        const onFailed = this.failedHandlers.get(job.name as JobName);
        if (final && onFailed) void onFailed(job).catch(swallow('job.failure_hook', { queue, job: job.name, id: job.id }));
      });
      worker.on('error', swallow('worker.connection', { queue }));
      this.workers.push(worker);
    }
    for (const r of this.repeatable) {
      const queue = this.queues.get((Object.keys(JOBS_BY_QUEUE) as QueueName[]).find((q) => JOBS_BY_QUEUE[q].includes(r.job)) as QueueName);
      await queue.upsertJobScheduler(`repeat:${r.job}`, { every: r.everyMs }, { name: r.job, data: {} });
    }
    this.logger.log(`worker running ${this.handlers.size} job types on ${this.workers.length} queues`);
  }

  async onApplicationShutdown() {
    // close() waits for active jobs to finish; unfinished ones are retried by another worker.
    await Promise.all(this.workers.map((w) => w.close().catch(swallow('worker.close', { queue: w.name }))));
    await Promise.all(
      this.workers.map((w) =>
        (w as unknown as { opts: { connection: Redis } }).opts.connection?.quit?.().catch(swallow('worker.quit', { queue: w.name })),
      ),
    );
  }
}
