import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Public } from '../auth/decorators';
import { DomainError } from '../errors/domain-error';
import { REDIS } from '../redis/redis.module';
import { ReadinessChecks } from './readiness';

/** Liveness and readiness (Postgres, Redis and what modules register in ReadinessChecks reachable), via @nestjs/terminus. */
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly registered: ReadinessChecks,
  ) {}

  @Get('live')
  @Public('none')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public('none')
  @HealthCheck()
  async ready() {
    return this.health
      .check([
        () => this.db.pingCheck('postgres', { timeout: 1500 }),
        () =>
          this.probe('redis', async () => {
            if ((await this.redis.ping()) !== 'PONG') throw new Error('unexpected reply');
          }),
        ...this.registered.entries().map(
          ([name, check]) =>
            () =>
              this.probe(name, check),
        ),
      ])
      .catch((err: unknown) => {
        // terminus's 503 names the failing dependencies in its body; the problem document says which (not why: no internals)
        const down = Object.keys((err as { response?: { error?: Record<string, unknown> } }).response?.error ?? {});
        throw new DomainError('upstream_unavailable', down.length ? `Not ready: ${down.join(', ')} unreachable` : 'Not ready');
      });
  }

  /** One dependency, bounded at 1.5 s like the Postgres ping. */
  private async probe(name: string, check: () => Promise<void>) {
    const indicator = this.indicators.check(name);
    try {
      await Promise.race([check(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500).unref())]);
      return indicator.up();
    } catch (e) {
      return indicator.down({ message: (e as Error).message });
    }
  }
}
