import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditActor } from '../../common/auth/principal';
import { AlertEventData, AlertEventType, newEvent } from '../../common/events';
import { reportSwallowed } from '../../common/metrics/swallowed';
import { OutboxService } from '../../common/outbox/outbox.service';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { newId } from '../../database/columns';
import { Db, Tx } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { TraceWindowsService } from '../ingestion/trace-windows.service';
import { AlertFilter, AlertMetric, decide, isBreached, metricValue, normalizeFilter, WindowMetrics } from './alert-metrics';
import { AlertsRepository, ClaimedRule, IncidentRow, RuleRow } from './alerts.repository';

/** Rules claimed per statement by the scheduled evaluation. */
const CLAIM_BATCH = 500;
/** Window queries run at once (each holds one pooled connection). */
const QUERY_CONCURRENCY = 4;
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

export interface EvaluationOutcome {
  value: number;
  breached: boolean;
  incidentId: string | null;
}

export interface EvaluationReport {
  slot: number;
  rules: number;
  /** distinct (workspace, window, filter) queries run */
  queries: number;
  opened: number;
  resolved: number;
  reminded: number;
  failed: number;
}

type Measurable = Pick<RuleRow, 'id' | 'workspace_id' | 'metric' | 'window_minutes' | 'filter'>;

/** The event an incident's change sends to its integrations: `data` exactly as API.md lists it. */
export function alertEvent(type: AlertEventType, incident: IncidentRow, value: number, id: string) {
  const data: AlertEventData = {
    incidentId: incident.id,
    ruleId: incident.rule_id,
    ruleName: incident.rule_name,
    metric: incident.metric,
    value,
    threshold: incident.threshold,
    windowMinutes: incident.window_minutes,
    status: incident.status,
  };
  return newEvent(type, incident.workspace_id, data, id, incident.integrations);
}

/**
 * Evaluates alert rules: measures their windows over trace summaries (one query per distinct workspace, window and
 * filter), then moves each rule's incident (open, remind, resolve after two clear evaluations) in a transaction that
 * locks the rule, with its events in the outbox of the same transaction. Used by the worker's scheduled evaluation
 * and by evaluate-now.
 */
@Injectable()
export class AlertEvaluator {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly db: Db,
    private readonly repo: AlertsRepository,
    private readonly windows: TraceWindowsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get reminderMs() {
    return this.config.alertReminderIntervalMinutes * 60_000;
  }

  /** The values of many rules at `now`: rules sharing a workspace, window and filter share one query. */
  async measure(rules: Measurable[], now: Date): Promise<{ values: Map<string, number>; queries: number; failed: Set<string> }> {
    const groups = new Map<string, { workspaceId: string; windowMinutes: number; filter: AlertFilter; rules: Measurable[] }>();
    for (const r of rules) {
      const filter = normalizeFilter(r.filter);
      const key = `${r.workspace_id}|${r.window_minutes}|${JSON.stringify(filter)}`;
      const g = groups.get(key) ?? { workspaceId: r.workspace_id, windowMinutes: r.window_minutes, filter, rules: [] };
      g.rules.push(r);
      groups.set(key, g);
    }
    const values = new Map<string, number>();
    const failed = new Set<string>();
    const toUs = now.getTime() * 1000;
    const queue = [...groups.values()];
    const run = async () => {
      for (let g = queue.shift(); g; g = queue.shift()) {
        let m: WindowMetrics;
        try {
          m = await this.windows.windowMetrics(g.workspaceId, { fromUs: toUs - g.windowMinutes * 60_000_000, toUs, ...g.filter });
        } catch (err) {
          reportSwallowed('alerts.measure', err, { workspaceId: g.workspaceId });
          for (const r of g.rules) failed.add(r.id);
          continue;
        }
        for (const r of g.rules) values.set(r.id, metricValue(r.metric as AlertMetric, m));
      }
    };
    await Promise.all(Array.from({ length: Math.min(QUERY_CONCURRENCY, queue.length) }, run));
    return { values, queries: groups.size, failed };
  }

  /**
   * Applies one evaluation's value to a rule, under its row lock: records the value and opens, reminds or resolves
   * its incident. Null when the rule no longer exists.
   */
  async apply(workspaceId: string, ruleId: string, value: number, now: Date): Promise<(EvaluationOutcome & { transition: string }) | null> {
    return this.db.transaction(async (tx) => {
      const rule = await this.repo.lockRule(tx, workspaceId, ruleId);
      if (!rule) return null;
      const active = await this.repo.activeIncident(tx, rule.id);
      const breached = isBreached(rule.operator, value, rule.threshold);
      const t = decide(
        breached,
        active ? { status: active.status as 'open' | 'acknowledged', notifiedAt: active.notified_at } : null,
        rule.clear_streak,
        now,
        this.reminderMs,
      );
      let incidentId = active?.id ?? null;
      let streak = 0;
      switch (t.kind) {
        case 'open': {
          const incident = await this.repo.insertIncident(tx, {
            id: newId(),
            workspace_id: rule.workspace_id,
            rule_id: rule.id,
            rule_name: rule.name,
            metric: rule.metric,
            window_minutes: rule.window_minutes,
            operator: rule.operator,
            threshold: rule.threshold,
            integrations: rule.integrations,
            status: 'open',
            value,
            opened_at: now,
            notified_at: now,
          });
          incidentId = incident.id;
          await this.publish(tx, 'alert.triggered', incident, value, `${incident.id}.triggered`);
          break;
        }
        case 'remind': {
          const incident = await this.repo.reminded(tx, (active as IncidentRow).id, now);
          await this.publish(tx, 'alert.triggered', incident, value, `${incident.id}.reminder.${incident.reminders}`);
          break;
        }
        case 'resolve': {
          await this.resolveIncident(tx, active as IncidentRow, { type: 'system', id: null }, now, value, 'recovered');
          incidentId = null;
          break;
        }
        case 'clear':
          streak = t.streak;
          break;
        default:
          streak = 0;
      }
      await this.repo.recordEvaluation(tx, rule.id, value, now, streak);
      return { value, breached, incidentId, transition: t.kind };
    });
  }

  /** Resolves an open or acknowledged incident: the row, its audit entry and `alert.resolved`, in `tx`. */
  async resolveIncident(tx: Tx, incident: IncidentRow, by: AuditActor, now: Date, value: number, reason: string): Promise<IncidentRow> {
    const resolved = await this.repo.resolve(tx, incident.id, by, now);
    await this.audit.record(tx, {
      workspaceId: incident.workspace_id,
      actor: by,
      action: 'incident.resolved',
      targetType: 'incident',
      targetId: incident.id,
      metadata: { ruleId: incident.rule_id, ruleName: incident.rule_name, from: incident.status, reason },
    });
    await this.publish(tx, 'alert.resolved', resolved, value, `${incident.id}.resolved`);
    return resolved;
  }

  async publish(tx: Tx, type: AlertEventType, incident: IncidentRow, value: number, id: string): Promise<void> {
    if (!incident.integrations.length) return;
    await this.outbox.publish(tx, alertEvent(type, incident, value, id));
  }

  /**
   * The scheduled evaluation of slot `slot`: every enabled rule not yet evaluated in this slot is claimed (once,
   * whatever the number of workers), measured, and moved. Rules without a change are recorded in one statement per
   * batch; only transitions take a transaction each.
   */
  async evaluateSlot(slot: number, now = new Date()): Promise<EvaluationReport> {
    const report: EvaluationReport = { slot, rules: 0, queries: 0, opened: 0, resolved: 0, reminded: 0, failed: 0 };
    let after = ZERO_UUID;
    for (;;) {
      const ids = await this.repo.dueRuleIds(slot, after, CLAIM_BATCH);
      if (!ids.length) break;
      after = ids[ids.length - 1];
      const claimed = await this.repo.claimRules(slot, ids);
      await this.evaluateClaimed(claimed, now, report);
      if (ids.length < CLAIM_BATCH) break;
    }
    if (report.opened || report.resolved || report.failed) this.logger.log({ ...report }, 'alert rules evaluated');
    return report;
  }

  private async evaluateClaimed(claimed: ClaimedRule[], now: Date, report: EvaluationReport) {
    if (!claimed.length) return;
    const { values, queries, failed } = await this.measure(claimed, now);
    report.rules += claimed.length;
    report.queries += queries;
    report.failed += failed.size;
    const quiet: { id: string; value: number; clearStreak: number }[] = [];
    for (const rule of claimed) {
      const value = values.get(rule.id);
      if (value === undefined) continue;
      const breached = isBreached(rule.operator, value, rule.threshold);
      const active = rule.incident_id
        ? { status: rule.incident_status as 'open' | 'acknowledged', notifiedAt: rule.incident_notified_at as Date }
        : null;
      const t = decide(breached, active, rule.clear_streak, now, this.reminderMs);
      if (t.kind === 'none' || t.kind === 'clear') {
        quiet.push({ id: rule.id, value, clearStreak: t.kind === 'clear' ? t.streak : 0 });
        continue;
      }
      try {
        const out = await this.apply(rule.workspace_id, rule.id, value, now);
        if (out?.transition === 'open') report.opened++;
        else if (out?.transition === 'resolve') report.resolved++;
        else if (out?.transition === 'remind') report.reminded++;
      } catch (err) {
        report.failed++;
        reportSwallowed('alerts.apply', err, { ruleId: rule.id });
      }
    }
    await this.repo.recordEvaluations(quiet, now);
  }
}
