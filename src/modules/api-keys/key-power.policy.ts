import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventMap, DomainEvents } from '../../common/domain-events';
import { roleAtLeast } from '../../common/auth/roles';
import { Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { ApiKeysRepository } from './api-keys.repository';

/**
 * "A key never acts above its creator" (API.md, Auth and API keys): when a member is removed, the keys they created
 * in that workspace are revoked; when a member is demoted, each of their keys is lowered to at most the new role.
 * It reacts to the membership owner's domain events, inside the publisher's transaction, so the keys change (and
 * their audit entries are written) with the membership or not at all. A later reactivation or promotion gives
 * nothing back.
 */
@Injectable()
export class KeyPowerPolicy implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly repo: ApiKeysRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit() {
    this.events.on('member.removed', (tx, e) => this.memberRemoved(tx, e));
    this.events.on('member.role_changed', (tx, e) => this.memberRoleChanged(tx, e));
  }

  async memberRemoved(tx: Tx, e: DomainEventMap['member.removed']): Promise<void> {
    for (const key of await this.repo.revokeCreatedBy(tx, e.workspaceId, e.userId)) {
      await this.audit.record(tx, {
        workspaceId: e.workspaceId,
        actor: e.actor,
        action: 'api_key.revoked',
        targetType: 'api_key',
        targetId: key.id,
        metadata: { name: key.name, prefix: key.prefix, role: key.role, reason: 'member_removed', memberId: e.memberId, userId: e.userId },
      });
    }
  }

  async memberRoleChanged(tx: Tx, e: DomainEventMap['member.role_changed']): Promise<void> {
    if (roleAtLeast(e.after, e.before)) return; // a promotion raises no key
    for (const key of await this.repo.capCreatedBy(tx, e.workspaceId, e.userId, e.after)) {
      await this.audit.record(tx, {
        workspaceId: e.workspaceId,
        actor: e.actor,
        action: 'api_key.role_capped',
        targetType: 'api_key',
        targetId: key.id,
        metadata: {
          name: key.name,
          prefix: key.prefix,
          before: { role: key.role },
          after: { role: e.after },
          reason: 'member_role_changed',
          memberId: e.memberId,
          userId: e.userId,
        },
      });
    }
  }
}
