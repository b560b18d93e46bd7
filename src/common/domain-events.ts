import { Global, Injectable, Module } from '@nestjs/common';
import type { Tx } from '../database/db';
import type { AuditActor } from './auth/principal';
import type { Role } from './auth/roles';

/**
 * Domain events between modules (DESIGN.md, "Rules of the house"): a module that must react to another's change
 * subscribes to its event instead of reaching into its tables or being called by it, so arrows between modules
 * keep running one way. Handlers run inside the publisher's transaction, in subscription order, so their effects
 * commit or roll back with the change (e.g. a removed member's API keys are revoked in the same transaction).
 *
 * The payloads are plain data, declared here so that neither side imports the other.
 */
export interface DomainEventMap {
  /** an active member was removed from a workspace */
  'member.removed': { workspaceId: string; memberId: string; userId: string; actor: AuditActor };
  /** a member's role changed */
  'member.role_changed': {
    workspaceId: string;
    memberId: string;
    userId: string;
    before: Role;
    after: Role;
    actor: AuditActor;
  };
  /**
   * The plan in force in a workspace (and so its limits) changed: by the API (`source: 'api'`), or by Stripe
   * (`'stripe'`: checkout completed, subscription updated, canceled or deleted, payment lapsed or recovered).
   * `before`/`after` are the plans whose limits apply (a canceled or lapsed subscription is `free`), so a
   * cancellation scheduled for the period end publishes nothing until it happens.
   */
  'billing.plan_changed': { workspaceId: string; before: string; after: string; source: 'api' | 'stripe' };
}

export type DomainEventType = keyof DomainEventMap;
export type DomainEventHandler<K extends DomainEventType> = (tx: Tx, event: DomainEventMap[K]) => Promise<void>;

@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventType, DomainEventHandler<never>[]>();

  /** Subscribes (typically in a provider's constructor or `onModuleInit`). */
  on<K extends DomainEventType>(type: K, handler: DomainEventHandler<K>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as DomainEventHandler<never>);
    this.handlers.set(type, list);
  }

  /** Runs every handler of `type` in the caller's transaction; a handler that throws aborts the change. */
  async publish<K extends DomainEventType>(tx: Tx, type: K, event: DomainEventMap[K]): Promise<void> {
    for (const handler of this.handlers.get(type) ?? []) await (handler as DomainEventHandler<K>)(tx, event);
  }
}

/** `DomainEvents` for every module, in the API and the worker. */
@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
