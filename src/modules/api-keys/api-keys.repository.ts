import { Injectable } from '@nestjs/common';
import { Role, ROLES } from '../../common/auth/roles';
import { CursorPosition } from '../../common/pagination/pagination';
import { TouchEntries } from '../../common/touch-buffer';
import { Db, Tx } from '../../database/db';
import { ApiKey, KeyScope } from './entities/api-key.entity';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  scope: KeyScope;
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  grace_ends_at: Date | null;
}

/** What the credential check reads: the key's state as stored; whether it may act is decided by the service. */
export interface ResolvedKeyRow {
  id: string;
  workspace_id: string;
  role: Role;
  scope: KeyScope;
  expires_at: Date | null;
  grace_ends_at: Date | null;
  revoked_at: Date | null;
}

/** A key changed by a rule (revoked, role capped): what its audit entry names. */
export interface ChangedKey {
  id: string;
  name: string;
  prefix: string;
  /** the role before the change */
  role: Role;
}

const ROW = `id, name, prefix, role, scope, created_by, created_at, last_used_at, expires_at, grace_ends_at`;

/** The api-keys module's table (`api_keys`). */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly db: Db) {}

  /**
   * Hot path (every API-key request): one indexed lookup, prepared once per connection. Revoked, expired and rotated
   * keys are returned too, so that the refusal can say why and be counted for the key's workspace (ingest health).
   */
  async resolve(digest: string): Promise<ResolvedKeyRow | undefined> {
    const [row] = await this.db.query<ResolvedKeyRow>(
      'SELECT id, workspace_id, role, scope, expires_at, grace_ends_at, revoked_at FROM api_keys WHERE key_digest = $1',
      [digest],
      { name: 'auth_resolve_api_key_v2' },
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

  /** Keys not revoked and not retired by a rotation (grace over), newest first, `limit` rows after the cursor. */
  page(workspaceId: string, after: CursorPosition | undefined, limit: number): Promise<ApiKeyRow[]> {
    const params: unknown[] = [workspaceId, limit];
    let where = 'workspace_id = $1 AND revoked_at IS NULL AND (grace_ends_at IS NULL OR grace_ends_at > now())';
    if (after) {
      params.push(after.v, after.id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    return this.db.query<ApiKeyRow>(`SELECT ${ROW} FROM api_keys WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }

  /** A key of the workspace that is not revoked, locked for a rotation; undefined if there is none. */
  async lockForRotation(
    tx: Tx,
    workspaceId: string,
    id: string,
  ): Promise<(ApiKeyRow & { revoked_at: Date | null; rotated_to: string | null }) | undefined> {
    const [row] = await tx.query<ApiKeyRow & { revoked_at: Date | null; rotated_to: string | null }>(
      `SELECT ${ROW}, revoked_at, rotated_to FROM api_keys WHERE id = $1 AND workspace_id = $2 AND revoked_at IS NULL FOR UPDATE`,
      [id, workspaceId],
    );
    return row;
  }

  /** Starts the grace period of a rotated key: it keeps working until `graceEndsAt`, then answers 401. */
  async markRotated(tx: Tx, id: string, rotatedTo: string, graceEndsAt: Date): Promise<void> {
    await tx.query(`UPDATE api_keys SET grace_ends_at = $2, rotated_to = $3 WHERE id = $1`, [id, graceEndsAt, rotatedTo]);
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
