import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { CacheModule } from './cache/cache.module';
import { HealthController } from './health/health.controller';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { QueueModule } from './queue/queue.module';
import { RateLimitService } from './rate-limit/rate-limit.service';
import { RedisModule } from './redis/redis.module';

/** Cross-cutting HTTP pieces of the API process: guard, rate limits, health, metrics. */
@Global()
@Module({
  imports: [RedisModule, QueueModule, CacheModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [RateLimitService, { provide: Metrics, useFactory: () => new Metrics() }, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [RateLimitService, Metrics, RedisModule, QueueModule, CacheModule],
})
export class CommonModule {}
