import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CacheModule } from './cache/cache.module';
import { HealthController } from './health/health.controller';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { QueueModule } from './queue/queue.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';

/** Cross-cutting HTTP pieces of the API process: rate limits, health, metrics (the guard is registered by AuthModule). */
@Global()
@Module({
  imports: [RedisModule, QueueModule, CacheModule, RateLimitModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [{ provide: Metrics, useFactory: () => new Metrics() }],
  exports: [RateLimitModule, Metrics, RedisModule, QueueModule, CacheModule],
})
export class CommonModule {}
