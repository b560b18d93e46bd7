import { Injectable } from '@nestjs/common';
import { Role } from '../../../common/auth/roles';
import { Db, Sql, Tx } from '../../../database/db';
import { MemberStatus } from '../membership';
import { Session } from '../entities/session.entity';

export interface ResolvedSessionRow {
  id: string;
  user_id: string;
  workspace_id: string;
  member_id: string | null;
  role: Role | null;
  status: MemberStatus | null;
}

/** `sessions` (auth), and the credential lookup that joins the live membership. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async insert(sql: Sql, session: Omit<Session, 'createdAt'>): Promise<void> {
    await sql.manager.insert(Session, session);
  }

  async revoke(id: string, tx?: Tx): Promise<void> {
    await (tx ?? this.db).query(`UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  }

  /**
   * Hot path (every user-token request): the live session and its membership in one indexed query, as a named
   * statement (parsed and planned once per connection).
   */
  async resolve(digest: string): Promise<ResolvedSessionRow | undefined> {
    const [row] = await this.db.query<ResolvedSessionRow>(
      `SELECT s.id, s.user_id, s.workspace_id, m.id AS member_id, m.role, m.status
         FROM sessions s LEFT JOIN team_members m ON m.workspace_id = s.workspace_id AND m.user_id = s.user_id
        WHERE s.token_digest = $1 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [digest],
      { name: 'auth_resolve_session' },
    );
    return row;
  }
}
