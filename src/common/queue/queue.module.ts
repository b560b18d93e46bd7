import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { reportSwallowed, swallow } from '../metrics/swallowed';
import { QUEUE_POLICIES, QueueName } from './queues';

export const BULL_CONNECTION = Symbol('BULL_CONNECTION');

/** BullMQ producers for every queue, sharing one blocking-safe Redis connection. */
@Injectable()
export class Queues implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(BULL_CONNECTION) readonly connection: Redis,
    @Inject(APP_CONFIG) readonly config: AppConfig,
  ) {
    for (const name of Object.values(QueueName)) {
      const policy = QUEUE_POLICIES[name];
      const queue = new Queue(name, {
        connection,
        prefix: `${config.redisPrefix}:bull`,
        defaultJobOptions: {
          attempts: policy.attempts,
          backoff: policy.backoff,
          removeOnComplete: { age: 24 * 3600, count: 1000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      });
      // Redis outages surface on the commands that need it (the relay retries); counted, logged at most every 10 s.
      queue.on('error', swallow('queue.connection', { queue: name }));
      this.queues.set(name, queue);
    }
  }

  get(name: QueueName): Queue {
    return this.queues.get(name) as Queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  async onApplicationShutdown() {
    await Promise.all(this.all().map((q) => q.close().catch(swallow('queue.close', { queue: q.name }))));
    await this.connection.quit().catch((err: unknown) => {
      reportSwallowed('queue.quit', err);
      this.connection.disconnect();
    });
  }
}

@Global()
@Module({
  providers: [
    {
      provide: BULL_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const redis = new Redis(config.redisUrl, {
          maxRetriesPerRequest: null,
          enableOfflineQueue: true,
          retryStrategy: (times: number) => Math.min(times * 200, 2000),
        });
        redis.on('error', swallow('queue.connection'));
        return redis;
      },
    },
    Queues,
  ],
  exports: [Queues, BULL_CONNECTION],
})
export class QueueModule {}
