import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { DomainError } from '../errors/domain-error';
import { reportSwallowed } from '../metrics/swallowed';
import { REDIS } from '../redis/redis.module';

export type RateLimitBucket = 'api' | 'ingest' | 'auth';

export interface RateLimitOutcome {
  headers: Record<string, string>;
}

/**
 * Fixed one-minute windows per credential (or client IP) counted atomically in Redis, so every API
 * process shares the count. If Redis is unreachable the limiter falls back to a per-process memory
 * limiter (fail open, documented in the README): the API keeps answering.
 */
@Injectable()
export class RateLimitService {
  private readonly limiters: Record<RateLimitBucket, RateLimiterRedis>;
  private readonly limits: Record<RateLimitBucket, number>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limits = { api: config.rateLimit.perMinute, ingest: config.rateLimit.ingestPerMinute, auth: config.rateLimit.authPerMinute };
    const make = (bucket: RateLimitBucket) =>
      new RateLimiterRedis({
        storeClient: redis,
        useRedisPackage: false,
        keyPrefix: `${config.redisPrefix}:rl:${bucket}`,
        points: this.limits[bucket],
        duration: 60,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points: this.limits[bucket], duration: 60 }),
      });
    this.limiters = { api: make('api'), ingest: make('ingest'), auth: make('auth') };
  }

  /** Counts one request; throws 429 `rate_limited` (with Retry-After) when over the limit. */
  async consume(bucket: RateLimitBucket, key: string): Promise<RateLimitOutcome> {
    const limit = this.limits[bucket];
    try {
      const res = await this.limiters[bucket].consume(key, 1);
      return { headers: this.headers(limit, res) };
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        const headers = this.headers(limit, e);
        headers['Retry-After'] = String(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
        throw new DomainError(
          'rate_limited',
          `Rate limit of ${limit} requests per minute exceeded; retry after ${headers['Retry-After']} s`,
          { headers },
        );
      }
      // fail open (README): counted, and logged at most every 10 s rather than once per request of an outage
      reportSwallowed('rate_limit.store', e, { bucket });
      return { headers: { 'RateLimit-Limit': String(limit), 'RateLimit-Remaining': String(limit), 'RateLimit-Reset': '60' } };
    }
  }

  private headers(limit: number, res: RateLimiterRes): Record<string, string> {
    return {
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(Math.max(0, res.remainingPoints)),
      'RateLimit-Reset': String(Math.max(0, Math.ceil(res.msBeforeNext / 1000))),
    };
  }
}
