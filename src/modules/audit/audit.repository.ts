import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../database/db';
import { CursorPosition } from '../../common/pagination/pagination';
import { AuditLog } from './entities/audit-log.entity';

export interface AuditLogFilter {
  action?: string;
  actorId?: string;
  after?: CursorPosition;
  limit: number;
}

/** The audit module's table (`audit_logs`). */
@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** One entry, in the caller's transaction. */
  async insert(tx: Tx, row: AuditLog): Promise<void> {
    await tx.manager.insert(AuditLog, { ...row, metadata: row.metadata as never });
  }

  /** Newest first, `limit` rows from the position after the cursor. */
  async page(workspaceId: string, f: AuditLogFilter): Promise<AuditLog[]> {
    const qb = this.db.manager.getRepository(AuditLog).createQueryBuilder('a').where('a.workspace_id = :workspaceId', { workspaceId });
    if (f.action) qb.andWhere('a.action = :action', { action: f.action });
    if (f.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: f.actorId });
    // created_at is written by us at millisecond precision (see AuditService.record), so the cursor compares exactly
    // and the (workspace_id, created_at, id) index serves the order.
    if (f.after) qb.andWhere('(a.created_at, a.id) < (:v::timestamptz, :id::uuid)', { v: f.after.v, id: f.after.id });
    return qb.orderBy('a.created_at', 'DESC').addOrderBy('a.id', 'DESC').limit(f.limit).getMany();
  }
}
