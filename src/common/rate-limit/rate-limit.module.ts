import { Module } from '@nestjs/common';
import { RateLimitService } from './rate-limit.service';

/** The rate limiter (Redis, per-process memory fallback): one instance per app, for the guard and whoever else limits. */
@Module({
  providers: [RateLimitService],
  exports: [RateLimitService],
})
export class RateLimitModule {}
