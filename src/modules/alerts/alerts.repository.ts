import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../../common/auth/principal';
import type { CursorPosition } from '../../common/pagination/pagination';
import { Db, Sql, Tx } from '../../database/db';
import type { AlertFilter, AlertMetric, AlertOperator } from './alert-metrics';
import type { IncidentStatus } from './entities/incident.entity';

export interface RuleRow {
  id: string;
  workspace_id: string;
  name: string;
  metric: AlertMetric;
  window_minutes: number;
  operator: AlertOperator;
  threshold: number;
  filter: AlertFilter;
  integrations: string[];
  enabled: boolean;
  created_at: Date;
  last_evaluated_at: Date | null;
  last_value: number | null;
  clear_streak: number;
}

export interface IncidentRow {
  id: string;
  workspace_id: string;
  rule_id: string;
  rule_name: string;
  metric: AlertMetric;
  window_minutes: number;
  operator: AlertOperator;
  threshold: number;
  integrations: string[];
  status: IncidentStatus;
  value: number;
  opened_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_type: string | null;
  acknowledged_by_id: string | null;
  resolved_at: Date | null;
  resolved_by_type: string | null;
  resolved_by_id: string | null;
  notified_at: Date;
  reminders: number;
}

/** A rule claimed for evaluation, with its active incident if it has one. */
export interface ClaimedRule extends RuleRow {
  incident_id: string | null;
  incident_status: 'open' | 'acknowledged' | null;
  incident_notified_at: Date | null;
}

const RULE = `id, workspace_id, name, metric, window_minutes, operator, threshold, filter, integrations, enabled, created_at,
  last_evaluated_at, last_value, clear_streak`;
const INCIDENT = `id, workspace_id, rule_id, rule_name, metric, window_minutes, operator, threshold, integrations, status, value,
  opened_at, acknowledged_at, acknowledged_by_type, acknowledged_by_id, resolved_at, resolved_by_type, resolved_by_id, notified_at, reminders`;

export interface NewRule {
  id: string;
  workspaceId: string;
  name: string;
  metric: AlertMetric;
  windowMinutes: number;
  operator: AlertOperator;
  threshold: number;
  filter: AlertFilter;
  integrations: string[];
  enabled: boolean;
}

/** The alerts module's tables: `alert_rules` and `alert_incidents`. */
@Injectable()
export class AlertsRepository {
  constructor(private readonly db: Db) {}

  // ------------------------------------------------------------------ rules

  async insertRule(tx: Tx, r: NewRule): Promise<RuleRow> {
    const [row] = await tx.query<RuleRow>(
      `INSERT INTO alert_rules (id, workspace_id, name, metric, window_minutes, operator, threshold, filter, integrations, enabled)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::varchar[], $10) RETURNING ${RULE}`,
      [
        r.id,
        r.workspaceId,
        r.name,
        r.metric,
        r.windowMinutes,
        r.operator,
        r.threshold,
        JSON.stringify(r.filter),
        r.integrations,
        r.enabled,
      ],
    );
    return row;
  }

  async findRule(workspaceId: string, id: string, sql: Sql = this.db): Promise<RuleRow | undefined> {
    const [row] = await sql.query<RuleRow>(`SELECT ${RULE} FROM alert_rules WHERE id = $1 AND workspace_id = $2`, [id, workspaceId]);
    return row;
  }

  /** The rule, locked for this transaction (evaluation, change and deletion of one rule are serialised). */
  async lockRule(tx: Tx, workspaceId: string, id: string): Promise<RuleRow | undefined> {
    const [row] = await tx.query<RuleRow>(`SELECT ${RULE} FROM alert_rules WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [
      id,
      workspaceId,
    ]);
    return row;
  }

  async updateRule(tx: Tx, id: string, r: Omit<NewRule, 'id' | 'workspaceId'>): Promise<RuleRow> {
    const [row] = await tx.query<RuleRow>(
      `UPDATE alert_rules SET name = $2, metric = $3, window_minutes = $4, operator = $5, threshold = $6, filter = $7::jsonb,
         integrations = $8::varchar[], enabled = $9, updated_at = now() WHERE id = $1 RETURNING ${RULE}`,
      [id, r.name, r.metric, r.windowMinutes, r.operator, r.threshold, JSON.stringify(r.filter), r.integrations, r.enabled],
    );
    return row;
  }

  async deleteRule(tx: Tx, id: string): Promise<void> {
    await tx.query(`DELETE FROM alert_rules WHERE id = $1`, [id]);
  }

  pageRules(workspaceId: string, after: CursorPosition | undefined, limit: number): Promise<RuleRow[]> {
    const params: unknown[] = [workspaceId, limit];
    let where = 'workspace_id = $1';
    if (after) {
      params.push(after.v, after.id);
      where += ' AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    return this.db.query<RuleRow>(`SELECT ${RULE} FROM alert_rules WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $2`, params);
  }

  /** Records an evaluation's value (and the clear streak it leaves). */
  async recordEvaluation(sql: Sql, id: string, value: number, at: Date, clearStreak: number): Promise<void> {
    await sql.query(`UPDATE alert_rules SET last_value = $2, last_evaluated_at = $3, clear_streak = $4 WHERE id = $1`, [
      id,
      value,
      at,
      clearStreak,
    ]);
  }

  /** Many evaluations without a transition in one statement. */
  async recordEvaluations(rows: { id: string; value: number; clearStreak: number }[], at: Date): Promise<void> {
    if (!rows.length) return;
    await this.db.query(
      `UPDATE alert_rules r SET last_value = v.value, last_evaluated_at = $4, clear_streak = v.streak
         FROM unnest($1::uuid[], $2::float8[], $3::int[]) AS v(id, value, streak) WHERE r.id = v.id`,
      [rows.map((r) => r.id), rows.map((r) => r.value), rows.map((r) => r.clearStreak), at],
    );
  }

  /** Enabled rules not yet evaluated in `slot`, ids after `after`, in id order (paging for `claimRules`). */
  async dueRuleIds(slot: number, after: string, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM alert_rules WHERE enabled AND id > $2::uuid AND evaluated_slot < $1 ORDER BY id LIMIT $3`,
      [slot, after, limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claims rules for evaluation slot `slot`: each rule is claimed by one caller per slot, however many run this at
   * once (a concurrent UPDATE waits for the row lock, then finds the slot taken and skips the row).
   */
  claimRules(slot: number, ids: string[]): Promise<ClaimedRule[]> {
    return this.db.query<ClaimedRule>(
      `WITH claimed AS (
         UPDATE alert_rules SET evaluated_slot = $1 WHERE id = ANY($2::uuid[]) AND enabled AND evaluated_slot < $1 RETURNING ${RULE}
       )
       SELECT c.*, i.id AS incident_id, i.status AS incident_status, i.notified_at AS incident_notified_at
         FROM claimed c LEFT JOIN alert_incidents i ON i.rule_id = c.id AND i.status IN ('open', 'acknowledged')
        ORDER BY c.id`,
      [slot, ids],
    );
  }

  // ------------------------------------------------------------------ incidents

  async activeIncident(sql: Sql, ruleId: string): Promise<IncidentRow | undefined> {
    const [row] = await sql.query<IncidentRow>(
      `SELECT ${INCIDENT} FROM alert_incidents WHERE rule_id = $1 AND status IN ('open', 'acknowledged')`,
      [ruleId],
    );
    return row;
  }

  async insertIncident(
    tx: Tx,
    i: Omit<
      IncidentRow,
      | 'acknowledged_at'
      | 'acknowledged_by_type'
      | 'acknowledged_by_id'
      | 'resolved_at'
      | 'resolved_by_type'
      | 'resolved_by_id'
      | 'reminders'
    >,
  ): Promise<IncidentRow> {
    const [row] = await tx.query<IncidentRow>(
      `INSERT INTO alert_incidents (id, workspace_id, rule_id, rule_name, metric, window_minutes, operator, threshold, integrations,
         status, value, opened_at, notified_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::varchar[], $10, $11, $12, $13) RETURNING ${INCIDENT}`,
      [
        i.id,
        i.workspace_id,
        i.rule_id,
        i.rule_name,
        i.metric,
        i.window_minutes,
        i.operator,
        i.threshold,
        i.integrations,
        i.status,
        i.value,
        i.opened_at,
        i.notified_at,
      ],
    );
    return row;
  }

  async findIncidentForUpdate(tx: Tx, workspaceId: string, id: string): Promise<IncidentRow | undefined> {
    const [row] = await tx.query<IncidentRow>(`SELECT ${INCIDENT} FROM alert_incidents WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, [
      id,
      workspaceId,
    ]);
    return row;
  }

  async acknowledge(tx: Tx, id: string, by: AuditActor, at: Date): Promise<IncidentRow> {
    const [row] = await tx.query<IncidentRow>(
      `UPDATE alert_incidents SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by_type = $3, acknowledged_by_id = $4
        WHERE id = $1 RETURNING ${INCIDENT}`,
      [id, at, by.type, by.id],
    );
    return row;
  }

  async resolve(tx: Tx, id: string, by: AuditActor, at: Date): Promise<IncidentRow> {
    const [row] = await tx.query<IncidentRow>(
      `UPDATE alert_incidents SET status = 'resolved', resolved_at = $2, resolved_by_type = $3, resolved_by_id = $4
        WHERE id = $1 RETURNING ${INCIDENT}`,
      [id, at, by.type, by.id],
    );
    return row;
  }

  async reminded(tx: Tx, id: string, at: Date): Promise<IncidentRow> {
    const [row] = await tx.query<IncidentRow>(
      `UPDATE alert_incidents SET notified_at = $2, reminders = reminders + 1 WHERE id = $1 RETURNING ${INCIDENT}`,
      [id, at],
    );
    return row;
  }

  pageIncidents(workspaceId: string, status: IncidentStatus | undefined, after: CursorPosition | undefined, limit: number) {
    const params: unknown[] = [workspaceId, limit];
    let where = 'workspace_id = $1';
    if (status) where += ` AND status = $${params.push(status)}`;
    if (after) {
      where += ` AND (opened_at, id) < ($${params.push(after.v)}::timestamptz, $${params.push(after.id)}::uuid)`;
    }
    return this.db.query<IncidentRow>(
      `SELECT ${INCIDENT} FROM alert_incidents WHERE ${where} ORDER BY opened_at DESC, id DESC LIMIT $2`,
      params,
    );
  }
}
