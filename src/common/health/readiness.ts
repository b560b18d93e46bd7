import { Global, Injectable, Module } from '@nestjs/common';

/** Throws (or rejects) when the dependency is not reachable. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Dependencies a module adds to `GET /health/ready` beyond Postgres and Redis (e.g. ClickHouse when it holds the
 * traces): the module registers a check here at start, so src/common needs to know no module.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`a readiness check named "${name}" is already registered`);
    this.checks.set(name, check);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks];
  }
}

/** `ReadinessChecks` for every module, in the API and the worker (the worker registers, nobody asks it). */
@Global()
@Module({ providers: [ReadinessChecks], exports: [ReadinessChecks] })
export class ReadinessModule {}
