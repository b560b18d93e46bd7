import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { reportSwallowed, swallow } from '../metrics/swallowed';

export const REDIS = Symbol('REDIS');

/**
 * Options for request-path Redis use: fail fast when Redis is down instead of queueing commands. Auto-pipelining
 * sends the commands of concurrent requests issued in the same event-loop turn in one write (fewer syscalls
 * under load, same ordering guarantees).
 */
export function redisOptions() {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: false,
    enableAutoPipelining: true,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown() {
    await this.redis.quit().catch((err: unknown) => {
      reportSwallowed('redis.quit', err);
      this.redis.disconnect();
    });
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const redis = new Redis(config.redisUrl, redisOptions());
        // connection errors also surface on the commands that need Redis (which handle them); here they are counted
        redis.on('error', swallow('redis.connection'));
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
