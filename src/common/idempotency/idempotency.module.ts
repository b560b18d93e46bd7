import { Global, Module } from '@nestjs/common';
import { IdempotencyRepository } from './idempotency.repository';

/** The idempotency records' repository, for the interceptor (declared per POST handler) and the worker's pruning. */
@Global()
@Module({ providers: [IdempotencyRepository], exports: [IdempotencyRepository] })
export class IdempotencyModule {}
