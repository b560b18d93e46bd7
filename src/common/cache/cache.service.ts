import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { reportSwallowed, swallow } from '../metrics/swallowed';
import { REDIS } from '../redis/redis.module';

/** TTL tiers (seconds): hot settings read on every request, slower-changing lists, external data. */
export const CacheTtl = { short: 120, medium: 600, long: 1800 } as const;

/**
 * Read-through JSON cache on Redis with explicit invalidation. Redis being down never fails a
 * request: reads fall through to the loader and invalidations are best-effort (short TTLs bound staleness);
 * each such failure is logged and counted (`swallowed_errors_total{where="cache.*"}`).
 */
@Injectable()
export class CacheService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private key(k: string) {
    return `${this.config.redisPrefix}:cache:${k}`;
  }

  async getOrSet<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
    try {
      const hit = await this.redis.get(this.key(key));
      if (hit !== null) return JSON.parse(hit) as T;
    } catch (err) {
      reportSwallowed('cache.read', err, { key });
      return load();
    }
    const value = await load();
    if (value !== undefined && value !== null) {
      await this.redis.set(this.key(key), JSON.stringify(value), 'EX', ttlSeconds).catch(swallow('cache.write', { key }));
    }
    return value;
  }

  async invalidate(...keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.map((k) => this.key(k))).catch(swallow('cache.invalidate', { keys }));
  }
}
