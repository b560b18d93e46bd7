import { Injectable } from '@nestjs/common';
import { Db, Sql, Tx } from '../../../database/db';
import { IntegrationConfig } from '../entities/integration-config.entity';
import type { HealthStatus, IntegrationType } from '../integration-types';

/** A row of `integrations_config` as the health check updated it. */
export interface HealthRow {
  workspace_id: string;
  type: IntegrationType;
  enabled: boolean;
  consecutive_failures: number;
}

/** A stored credential, for key rotation. */
export interface SealedCredentials {
  id: string;
  workspace_id: string;
  type: string;
  credentials: string;
}

/**
 * `integrations_config`: one row per workspace and type. A settings table: TypeORM's entity API through the
 * `Tx`/`Db` manager; SQL for counts, locks and the health and rotation updates.
 */
@Injectable()
export class IntegrationConfigRepository {
  constructor(private readonly db: Db) {}

  findAll(workspaceId: string): Promise<IntegrationConfig[]> {
    return this.db.manager.findBy(IntegrationConfig, { workspaceId });
  }

  find(workspaceId: string, type: IntegrationType, sql: Sql = this.db): Promise<IntegrationConfig | null> {
    return sql.manager.findOneBy(IntegrationConfig, { workspaceId, type });
  }

  /** The row, locked for the rest of `tx`. */
  findForUpdate(tx: Tx, workspaceId: string, type: IntegrationType): Promise<IntegrationConfig | null> {
    return tx.manager.findOne(IntegrationConfig, { where: { workspaceId, type }, lock: { mode: 'pessimistic_write' } });
  }

  findById(id: string): Promise<IntegrationConfig | null> {
    return this.db.manager.findOneBy(IntegrationConfig, { id });
  }

  async save(tx: Tx, row: IntegrationConfig): Promise<void> {
    await tx.manager.save(row);
  }

  /** Serialises, until `tx` ends, the changes that may enable integrations of a workspace (so the plan limit holds). */
  async lockWorkspace(tx: Tx, workspaceId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`integrations:${workspaceId}`]);
  }

  /** Enabled (and configured) integrations of a workspace: what the plan's `integrations` limit counts. */
  async countEnabled(workspaceId: string, sql: Sql = this.db): Promise<number> {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM integrations_config WHERE workspace_id = $1 AND enabled AND config IS NOT NULL`,
      [workspaceId],
    );
    return row.n;
  }

  /** The enabled, configured integrations of a workspace (the targets of its events). */
  listEnabled(workspaceId: string): Promise<IntegrationConfig[]> {
    return this.db.manager
      .createQueryBuilder(IntegrationConfig, 'i')
      .where('i.workspace_id = :ws AND i.enabled AND i.config IS NOT NULL', { ws: workspaceId })
      .getMany();
  }

  /** Ids of enabled, configured integrations of every workspace after `after`, in id order (health check fan-out). */
  async enabledIdsAfter(after: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM integrations_config WHERE enabled AND config IS NOT NULL AND id > $1 ORDER BY id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Records a check's outcome; returns the row as it is now (undefined if it is gone). */
  async recordHealth(
    sql: Sql,
    id: string,
    outcome: { ok: boolean; status: HealthStatus; error: string | null },
  ): Promise<HealthRow | undefined> {
    const [row] = await sql.query<HealthRow>(
      `UPDATE integrations_config SET health_status = $2, last_checked_at = now(),
              last_success_at = CASE WHEN $3 THEN now() ELSE last_success_at END,
              last_error = CASE WHEN $3 THEN NULL ELSE $4 END,
              consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures + 1 END
        WHERE id = $1
        RETURNING workspace_id, type, enabled, consecutive_failures`,
      [id, outcome.status, outcome.ok, outcome.error],
    );
    return row;
  }

  async autoDisable(tx: Tx, id: string): Promise<void> {
    await tx.query(`UPDATE integrations_config SET enabled = false, auto_disabled_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  /** The next `limit` stored credentials after `after` (id order), locked for the rest of `tx`. */
  lockCredentialsBatch(tx: Tx, after: string, limit: number): Promise<SealedCredentials[]> {
    return tx.query<SealedCredentials>(
      `SELECT id, workspace_id, type, credentials FROM integrations_config
        WHERE credentials IS NOT NULL AND id > $1 ORDER BY id LIMIT $2 FOR UPDATE`,
      [after, limit],
    );
  }

  async setCredentials(tx: Tx, id: string, envelope: string): Promise<void> {
    await tx.query(`UPDATE integrations_config SET credentials = $2 WHERE id = $1`, [id, envelope]);
  }
}
