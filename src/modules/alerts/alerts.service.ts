import { Injectable } from '@nestjs/common';
import { Actor, AuditActor, auditActor } from '../../common/auth/principal';
import { conflict, DomainError, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, PageQueryDto, pageLimit, toPage } from '../../common/pagination/pagination';
import { newId } from '../../database/columns';
import { Db } from '../../database/db';
import { AuditService } from '../audit/audit.service';
import { IntegrationsService } from '../integrations/integrations.service';
import type { IntegrationType } from '../integrations/integration-types';
import { normalizeFilter } from './alert-metrics';
import { AlertEvaluator } from './alert-evaluator';
import { AlertsRepository, IncidentRow, RuleRow } from './alerts.repository';
import { AlertRuleDto, CreateAlertRuleDto, EvaluationResultDto, UpdateAlertRuleDto } from './dto/alert-rule.dto';
import { IncidentDto, IncidentListQueryDto } from './dto/incident.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toRuleDto = (r: RuleRow): AlertRuleDto => ({
  id: r.id,
  name: r.name,
  metric: r.metric,
  windowMinutes: r.window_minutes,
  operator: r.operator,
  threshold: r.threshold,
  filter: normalizeFilter(r.filter),
  integrations: r.integrations as IntegrationType[],
  enabled: r.enabled,
  createdAt: r.created_at.toISOString(),
  lastEvaluatedAt: iso(r.last_evaluated_at),
  lastValue: r.last_value,
});

const actorOf = (type: string | null, id: string | null) => (type ? { type: type as AuditActor['type'], id } : null);

export const toIncidentDto = (i: IncidentRow): IncidentDto => ({
  id: i.id,
  ruleId: i.rule_id,
  ruleName: i.rule_name,
  status: i.status,
  value: i.value,
  threshold: i.threshold,
  windowMinutes: i.window_minutes,
  openedAt: i.opened_at.toISOString(),
  acknowledgedAt: iso(i.acknowledged_at),
  acknowledgedBy: actorOf(i.acknowledged_by_type, i.acknowledged_by_id),
  resolvedAt: iso(i.resolved_at),
  resolvedBy: actorOf(i.resolved_by_type, i.resolved_by_id),
});

/** The fields of a rule that its audit entries show (before/after): its API view without id, times and last value. */
const auditView = (r: RuleRow) => {
  const { name, metric, windowMinutes, operator, threshold, filter, integrations, enabled } = toRuleDto(r);
  return { name, metric, windowMinutes, operator, threshold, filter, integrations, enabled };
};

/**
 * Alert rules and incidents of the caller's workspace (API.md, Alert rules and incidents). Every change writes its
 * audit entry and its integration events (outbox) in its own transaction.
 */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: Db,
    private readonly repo: AlertsRepository,
    private readonly audit: AuditService,
    private readonly integrations: IntegrationsService,
    private readonly evaluator: AlertEvaluator,
  ) {}

  private async assertConfigured(workspaceId: string, types: string[]) {
    if (!types.length) return;
    const configured = new Set<string>(await this.integrations.configuredTypes(workspaceId));
    const missing = types.filter((t) => !configured.has(t));
    if (missing.length) {
      throw new DomainError('validation_failed', `integrations not configured in this workspace: ${missing.join(', ')}`, {
        errors: [{ field: 'integrations', message: `${missing.join(', ')} is not configured (configure it under Integrations first)` }],
      });
    }
  }

  async listRules(actor: Actor, q: PageQueryDto): Promise<Page<AlertRuleDto>> {
    const limit = pageLimit(q);
    const rows = await this.repo.pageRules(actor.workspaceId, decodeCursor(q.cursor), limit + 1);
    return toPage(rows, limit, (r) => ({ v: r.created_at.toISOString(), id: r.id }), toRuleDto);
  }

  async createRule(actor: Actor, dto: CreateAlertRuleDto): Promise<AlertRuleDto> {
    await this.assertConfigured(actor.workspaceId, dto.integrations);
    const row = await this.db.transaction(async (tx) => {
      const rule = await this.repo.insertRule(tx, {
        id: newId(),
        workspaceId: actor.workspaceId,
        name: dto.name,
        metric: dto.metric,
        windowMinutes: dto.windowMinutes,
        operator: dto.operator,
        threshold: dto.threshold,
        filter: normalizeFilter(dto.filter),
        integrations: dto.integrations,
        enabled: dto.enabled ?? true,
      });
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'alert_rule.created',
        targetType: 'alert_rule',
        targetId: rule.id,
        metadata: auditView(rule),
      });
      return rule;
    });
    return toRuleDto(row);
  }

  async updateRule(actor: Actor, id: string, dto: UpdateAlertRuleDto): Promise<AlertRuleDto> {
    if (dto.integrations) await this.assertConfigured(actor.workspaceId, dto.integrations);
    const row = await this.db.transaction(async (tx) => {
      const before = await this.repo.lockRule(tx, actor.workspaceId, id);
      if (!before) throw notFound('Alert rule');
      const after = await this.repo.updateRule(tx, id, {
        name: dto.name ?? before.name,
        metric: dto.metric ?? before.metric,
        windowMinutes: dto.windowMinutes ?? before.window_minutes,
        operator: dto.operator ?? before.operator,
        threshold: dto.threshold ?? before.threshold,
        filter: dto.filter ? normalizeFilter(dto.filter) : normalizeFilter(before.filter),
        integrations: dto.integrations ?? before.integrations,
        enabled: dto.enabled ?? before.enabled,
      });
      const b = auditView(before);
      const a = auditView(after);
      const changed = (Object.keys(a) as (keyof typeof a)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: auditActor(actor),
        action: 'alert_rule.updated',
        targetType: 'alert_rule',
        targetId: id,
        metadata: {
          before: Object.fromEntries(changed.map((k) => [k, b[k]])),
          after: Object.fromEntries(changed.map((k) => [k, a[k]])),
        },
      });
      return after;
    });
    return toRuleDto(row);
  }

  /** Deletes the rule; its open or acknowledged incident is resolved (by the caller), with `alert.resolved`. */
  async deleteRule(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rule = await this.repo.lockRule(tx, actor.workspaceId, id);
      if (!rule) throw notFound('Alert rule');
      const active = await this.repo.activeIncident(tx, id);
      const by = auditActor(actor);
      if (active) await this.evaluator.resolveIncident(tx, active, by, new Date(), rule.last_value ?? active.value, 'rule_deleted');
      await this.repo.deleteRule(tx, id);
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: by,
        action: 'alert_rule.deleted',
        targetType: 'alert_rule',
        targetId: id,
        metadata: { ...auditView(rule), resolvedIncidentId: active?.id ?? null },
      });
    });
  }

  /** Evaluates the rule now, with the scheduled evaluation's effects (value recorded, incident opened or resolved). */
  async evaluate(actor: Actor, id: string): Promise<EvaluationResultDto> {
    const rule = await this.repo.findRule(actor.workspaceId, id);
    if (!rule) throw notFound('Alert rule');
    const now = new Date();
    const { values, failed } = await this.evaluator.measure([rule], now);
    if (failed.size || !values.has(rule.id)) throw new DomainError('upstream_unavailable', 'The trace store could not be read; try again');
    const out = await this.evaluator.apply(actor.workspaceId, id, values.get(rule.id) as number, now);
    if (!out) throw notFound('Alert rule');
    return { value: out.value, breached: out.breached, incidentId: out.incidentId };
  }

  async listIncidents(actor: Actor, q: IncidentListQueryDto): Promise<Page<IncidentDto>> {
    const limit = pageLimit(q);
    const rows = await this.repo.pageIncidents(actor.workspaceId, q.status, decodeCursor(q.cursor), limit + 1);
    return toPage(rows, limit, (r) => ({ v: r.opened_at.toISOString(), id: r.id }), toIncidentDto);
  }

  /** open → acknowledged (reminders stop), with `alert.acknowledged`; any other status → 409. */
  async acknowledge(actor: Actor, id: string): Promise<IncidentDto> {
    const row = await this.db.transaction(async (tx) => {
      const incident = await this.repo.findIncidentForUpdate(tx, actor.workspaceId, id);
      if (!incident) throw notFound('Incident');
      if (incident.status !== 'open') throw conflict(`The incident is ${incident.status}; only an open incident can be acknowledged`);
      const by = auditActor(actor);
      const acked = await this.repo.acknowledge(tx, id, by, new Date());
      await this.audit.record(tx, {
        workspaceId: actor.workspaceId,
        actor: by,
        action: 'incident.acknowledged',
        targetType: 'incident',
        targetId: id,
        metadata: { ruleId: incident.rule_id, ruleName: incident.rule_name },
      });
      await this.evaluator.publish(tx, 'alert.acknowledged', acked, acked.value, `${id}.acknowledged`);
      return acked;
    });
    return toIncidentDto(row);
  }

  /** open or acknowledged → resolved, with `alert.resolved`; a resolved incident → 409. */
  async resolve(actor: Actor, id: string): Promise<IncidentDto> {
    const row = await this.db.transaction(async (tx) => {
      const incident = await this.repo.findIncidentForUpdate(tx, actor.workspaceId, id);
      if (!incident) throw notFound('Incident');
      if (incident.status === 'resolved') throw conflict('The incident is already resolved');
      return this.evaluator.resolveIncident(tx, incident, auditActor(actor), new Date(), incident.value, 'manual');
    });
    return toIncidentDto(row);
  }
}
