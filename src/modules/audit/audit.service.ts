import { Injectable } from '@nestjs/common';
import { Actor, AuditActor } from '../../common/auth/principal';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { newId } from '../../database/columns';
import type { Tx } from '../../database/db';
import { AuditRepository } from './audit.repository';
import { AuditLogDto, AuditLogQueryDto } from './dto/audit-log.dto';
import { AuditLog } from './entities/audit-log.entity';

export type AuditAction =
  | 'workspace.updated'
  | 'invitation.created'
  | 'invitation.resent'
  | 'invitation.cancelled'
  | 'invitation.accepted'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.reactivated'
  | 'api_key.created'
  | 'api_key.revoked'
  | 'api_key.role_capped'
  | 'api_key.rotated'
  | 'billing.plan_changed'
  | 'billing.checkout_started'
  | 'integration.updated'
  | 'integration.enabled'
  | 'integration.disabled'
  | 'integration.purged'
  | 'integration.auto_disabled'
  | 'integration.tested'
  | 'alert_rule.created'
  | 'alert_rule.updated'
  | 'alert_rule.deleted'
  | 'incident.acknowledged'
  | 'incident.resolved';

export interface AuditEntry {
  workspaceId: string;
  actor: AuditActor;
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  /** before/after of changed fields and context; never a secret or token */
  metadata?: Record<string, unknown>;
}

const SECRET_KEY = /(password|secret|token|key|credential|authorization|dsn|routing)/i;

/** Drops anything that looks like a secret, however deep, so audit metadata can never hold one. */
export function scrubSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEY.test(k) || k === 'keyId' || k === 'apiKeyId')
        .map(([k, v]) => [k, scrubSecrets(v)]),
    );
  }
  return value;
}

@Injectable()
export class AuditService {
  constructor(private readonly repo: AuditRepository) {}

  /** Writes one entry in the caller's transaction, so it commits (or not) with the change. */
  async record(tx: Tx, e: AuditEntry): Promise<void> {
    await this.repo.insert(tx, {
      id: newId(),
      workspaceId: e.workspaceId,
      action: e.action,
      actorType: e.actor.type,
      actorId: e.actor.id,
      targetType: e.targetType,
      targetId: e.targetId,
      metadata: scrubSecrets(e.metadata ?? {}) as Record<string, unknown>,
      ip: e.actor.ip ?? null,
      // millisecond precision, like the cursors built from it (Postgres would keep microseconds)
      createdAt: new Date(),
    });
  }

  async list(actor: Actor, q: AuditLogQueryDto): Promise<Page<AuditLogDto>> {
    const limit = pageLimit(q);
    const rows = await this.repo.page(actor.workspaceId, {
      action: q.action,
      actorId: q.actorId,
      after: decodeCursor(q.cursor),
      limit: limit + 1,
    });
    return toPage(rows, limit, (r) => ({ v: r.createdAt.toISOString(), id: r.id }), toAuditDto);
  }
}

export const toAuditDto = (a: AuditLog): AuditLogDto => ({
  id: a.id,
  action: a.action,
  actor: { type: a.actorType, id: a.actorId },
  targetType: a.targetType,
  targetId: a.targetId,
  metadata: a.metadata,
  ip: a.ip,
  createdAt: a.createdAt.toISOString(),
});
