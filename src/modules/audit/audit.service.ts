import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AuditActor } from '../../common/auth/principal';
import { decodeCursor, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { newId } from '../../database/columns';
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
  | 'billing.plan_changed'
  | 'billing.checkout_started'
  | 'integration.updated'
  | 'integration.enabled'
  | 'integration.disabled'
  | 'integration.purged'
  | 'integration.auto_disabled'
  | 'integration.tested';

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
  constructor(@InjectRepository(AuditLog) private readonly logs: Repository<AuditLog>) {}

  /** Writes one entry with the caller's transaction, so it commits (or not) with the change. */
  async record(manager: EntityManager, e: AuditEntry): Promise<void> {
    await manager.insert(AuditLog, {
      id: newId(),
      workspaceId: e.workspaceId,
      action: e.action,
      actorType: e.actor.type,
      actorId: e.actor.id,
      targetType: e.targetType,
      targetId: e.targetId,
      metadata: scrubSecrets(e.metadata ?? {}) as never,
      ip: e.actor.ip ?? null,
      // millisecond precision, like the cursors built from it (Postgres would keep microseconds)
      createdAt: new Date(),
    });
  }

  async list(workspaceId: string, q: AuditLogQueryDto & PageQueryDto) {
    const limit = pageLimit(q);
    const after = decodeCursor(q.cursor);
    const qb = this.logs.createQueryBuilder('a').where('a.workspace_id = :workspaceId', { workspaceId });
    if (q.action) qb.andWhere('a.action = :action', { action: q.action });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    // created_at is written by us at millisecond precision (see record), so the cursor compares exactly
    // and the (workspace_id, created_at, id) index serves the order.
    if (after) qb.andWhere('(a.created_at, a.id) < (:v::timestamptz, :id::uuid)', { v: after.v, id: after.id });
    const rows = await qb
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit + 1)
      .getMany();
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
