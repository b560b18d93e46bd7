import { Injectable } from '@nestjs/common';
import { Role, ROLES } from '../../common/auth/roles';
import { CursorPosition } from '../../common/pagination/pagination';
import { TouchEntries } from '../../common/touch-buffer';
import { Db, Tx } from '../../database/db';
import { ApiKey } from './entities/api-key.entity';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
}

/** A key changed by a rule (revoked, role capped): what its audit entry names. */
export interface ChangedKey {
  id: string;
  name: string;
  prefix: string;
  /** the role before the change */
  role: Role;
}

const ROW = `id, name, prefix, role, created_by, created_at, last_used_at`;

/** The api-keys module's table (`api_keys`). */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  /** Hot path (every API-key request): one indexed lookup, prepared once per connection. */
  async resolve(digest: string): Promise<{ id: string; workspace_id: string; role: Role } | undefined> {
    const [row] = await this.db.query<{ id: string; workspace_id: string; role: Role }>(
      'SELECT id, workspace_id, role FROM api_keys WHERE key_digest = $1 AND revoked_at IS NULL',
      [digest],
      { name: 'auth_resolve_api_key' },
    );
    return row;
  }

  /** `last_used_at` of many keys in one statement, never moving a stored time backwards. */
  async touch(entries: TouchEntries): Promise<void> {
    await this.db.query(
      `UPDATE api_keys k SET last_used_at = v.t FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, t)
        WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.t)`,
      [entries.map(([id]) => id), entries.map(([, t]) => t)],
    );
  }

  async insert(tx: Tx, key: ApiKey): Promise<void> {
    await tx.manager.insert(ApiKey, key);
  }

  async findById(workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.db.query<ApiKeyRow>(`SELECT ${ROW} FROM api_keys WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    return row;
  }

  /** The user a key acts for (its `created_by`), null for a key without one. */
  async creatorOf(tx: Tx, id: string): Promise<string | null> {
    const [row] = await tx.query<{ created_by: string | null }>(`SELECT created_by FROM api_keys WHERE id = $1`, [id]);
    return row?.created_by ?? null;
  }

  /** Active keys, newest first, `limit` rows after the cursor. */
  page(workspaceId: string, after: CursorPosition | undefined, limit: number): Promise<ApiKeyRow[]> {
    const params: unknown[] = [workspaceId, limit];
    let where = 'workspace_id = $1 AND revoked_at IS NULL';
    if (after) {
      params.push(after.v, after.id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    return this.db.query<ApiKeyRow>(`SELECT ${ROW} FROM api_keys WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }

  /** Revokes one active key of the workspace; undefined if there is none. */
  async revoke(tx: Tx, workspaceId: string, id: string): Promise<ChangedKey | undefined> {
    const [row] = await tx.query<ChangedKey>(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL RETURNING id, name, prefix, role`,
      [id, workspaceId],
    );
    return row;
  }

  /** Revokes every active key a user created in the workspace. */
  revokeCreatedBy(tx: Tx, workspaceId: string, userId: string): Promise<ChangedKey[]> {
    return tx.query<ChangedKey>(
      `UPDATE api_keys SET revoked_at = now() WHERE workspace_id = $1 AND created_by = $2 AND revoked_at IS NULL
       RETURNING id, name, prefix, role`,
      [workspaceId, userId],
    );
  }

  /** Lowers every active key a user created in the workspace to at most `max`; returns them with their former role. */
  capCreatedBy(tx: Tx, workspaceId: string, userId: string, max: Role): Promise<ChangedKey[]> {
    const above = ROLES.slice(ROLES.indexOf(max) + 1);
    return tx.query<ChangedKey>(
      `UPDATE api_keys k SET role = $3 FROM (
         SELECT id, role FROM api_keys
          WHERE workspace_id = $1 AND created_by = $2 AND revoked_at IS NULL AND role = ANY($4::varchar[]) FOR UPDATE
       ) before
       WHERE k.id = before.id RETURNING k.id, k.name, k.prefix, before.role`,
      [workspaceId, userId, max, above],
    );
  }
}
