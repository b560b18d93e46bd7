import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service';

/** `OutboxService` for every module (side effects recorded in the caller's transaction); the worker adds the relay. */
@Global()
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
