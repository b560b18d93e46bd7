import { Injectable } from '@nestjs/common';
import { Role } from '../../../common/auth/roles';
import { TouchEntries } from '../../../common/touch-buffer';
import { Db, Tx } from '../../../database/db';
import { MemberFilter, MemberStatus } from '../membership';

export interface MemberRow {
  id: string;
  workspace_id: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  status: MemberStatus;
  joined_at: Date;
  removed_at: Date | null;
  last_active_at: Date | null;
}

const MEMBER_COLUMNS = `t.id, t.workspace_id, t.user_id, u.email, u.name, t.role, t.status, t.joined_at, t.removed_at, t.last_active_at`;
const MEMBERS = `team_members t JOIN users u ON u.id = t.user_id`;

/**
 * Timestamps are ordered and compared at millisecond precision, the precision of the cursor (a JS Date):
 * Postgres keeps microseconds, so comparing raw values would skip or repeat rows at page edges.
 */
const MS = (column: string) => `date_trunc('milliseconds', ${column})`;

/** `team_members` (auth owns memberships: the credential lookup reads them live), with their users' email and name. */
@Injectable()
export class MembershipsRepository {
  constructor(private readonly db: Db) {}

  /** Oldest first by joinedAt, `limit` rows after the cursor. */
  page(workspaceId: string, f: MemberFilter): Promise<MemberRow[]> {
    const params: unknown[] = [workspaceId, f.status, f.limit];
    let where = 't.workspace_id = $1 AND t.status = $2';
    if (f.role) {
      params.push(f.role);
      where += ` AND t.role = $${params.length}`;
    }
    if (f.after) {
      params.push(f.after.v, f.after.id);
      where += ` AND (${MS('t.joined_at')}, t.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    return this.db.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM ${MEMBERS} WHERE ${where} ORDER BY ${MS('t.joined_at')}, t.id LIMIT $3`,
      params,
    );
  }

  async findById(tx: Tx, id: string): Promise<MemberRow | undefined> {
    const [row] = await tx.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM ${MEMBERS} WHERE t.id = $1`, [id]);
    return row;
  }

  /** A member of the workspace, locked until the transaction ends. */
  async lock(tx: Tx, workspaceId: string, id: string): Promise<MemberRow | undefined> {
    const [row] = await tx.query<MemberRow>(
      `SELECT ${MEMBER_COLUMNS} FROM ${MEMBERS} WHERE t.id = $1 AND t.workspace_id = $2 FOR UPDATE OF t`,
      [id, workspaceId],
    );
    return row;
  }

  /** A user's membership of the workspace (any status), locked until the transaction ends. */
  async lockOfUser(tx: Tx, workspaceId: string, userId: string): Promise<{ id: string; status: MemberStatus } | undefined> {
    const [row] = await tx.query<{ id: string; status: MemberStatus }>(
      `SELECT id, status FROM team_members WHERE workspace_id = $1 AND user_id = $2 FOR UPDATE`,
      [workspaceId, userId],
    );
    return row;
  }

  async insert(
    tx: Tx,
    m: { id: string; workspaceId: string; userId: string; role: Role; invitedBy: string | null; joinedAt: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO team_members (id, workspace_id, user_id, role, status, invited_by, joined_at) VALUES ($1, $2, $3, $4, 'active', $5, $6)`,
      [m.id, m.workspaceId, m.userId, m.role, m.invitedBy, m.joinedAt],
    );
  }

  async setRole(tx: Tx, id: string, role: Role): Promise<void> {
    await tx.query(`UPDATE team_members SET role = $2, updated_at = now() WHERE id = $1`, [id, role]);
  }

  async setRemoved(tx: Tx, id: string): Promise<Date> {
    const [row] = await tx.query<{ removed_at: Date }>(
      `UPDATE team_members SET status = 'removed', removed_at = now(), updated_at = now() WHERE id = $1 RETURNING removed_at`,
      [id],
    );
    return row.removed_at;
  }

  async setActive(tx: Tx, id: string): Promise<void> {
    await tx.query(`UPDATE team_members SET status = 'active', removed_at = NULL, updated_at = now() WHERE id = $1`, [id]);
  }

  /** A removed membership active again with a new role, joined now (a removed member accepting an invitation). */
  async rejoin(tx: Tx, id: string, role: Role, invitedBy: string | null): Promise<void> {
    await tx.query(
      `UPDATE team_members SET status = 'active', role = $2, removed_at = NULL, joined_at = now(), invited_by = $3, updated_at = now()
        WHERE id = $1`,
      [id, role, invitedBy],
    );
  }

  async countActiveOwners(tx: Tx, workspaceId: string): Promise<number> {
    const [{ n }] = await tx.query<{ n: string }>(
      `SELECT count(*) AS n FROM team_members WHERE workspace_id = $1 AND status = 'active' AND role = 'owner'`,
      [workspaceId],
    );
    return Number(n);
  }

  async countActive(workspaceId: string, tx?: Tx): Promise<number> {
    const [{ n }] = await (tx ?? this.db).query<{ n: string }>(
      `SELECT count(*) AS n FROM team_members WHERE workspace_id = $1 AND status = 'active'`,
      [workspaceId],
    );
    return Number(n);
  }

  async hasActiveWithEmail(tx: Tx, workspaceId: string, email: string): Promise<boolean> {
    const rows = await tx.query(`SELECT 1 FROM ${MEMBERS} WHERE t.workspace_id = $1 AND t.status = 'active' AND u.email = $2`, [
      workspaceId,
      email,
    ]);
    return rows.length > 0;
  }

  /** A user's active memberships, oldest first. */
  activeOf(userId: string): Promise<{ workspace_id: string; role: Role }[]> {
    return this.db.query<{ workspace_id: string; role: Role }>(
      `SELECT workspace_id, role FROM team_members WHERE user_id = $1 AND status = 'active' ORDER BY joined_at, id`,
      [userId],
    );
  }

  /** `last_active_at` of many memberships in one statement, never moving a stored time backwards. */
  async touch(entries: TouchEntries): Promise<void> {
    await this.db.query(
      `UPDATE team_members t SET last_active_at = v.t FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, t)
        WHERE t.id = v.id AND (t.last_active_at IS NULL OR t.last_active_at < v.t)`,
      [entries.map(([id]) => id), entries.map(([, t]) => t)],
    );
  }
}
