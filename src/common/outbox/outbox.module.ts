import { Global, Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';

/** `OutboxService` for every module (side effects recorded in the caller's transaction); the worker adds the relay. */
@Global()
@Module({ providers: [OutboxRepository, OutboxService], exports: [OutboxRepository, OutboxService] })
export class OutboxModule {}
