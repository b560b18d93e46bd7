import { Column, Entity, Index } from 'typeorm';
import { Timestamp, UuidPrimary } from '../../../database/columns';
import type { AlertMetric, AlertOperator } from '../alert-metrics';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * An incident of an alert rule: open → acknowledged → resolved (or open → resolved). At most one open or
 * acknowledged per rule (a partial unique index). The rule's name, metric, window, threshold and integrations are
 * copied at opening, so its events keep going to the same integrations and the incident outlives its rule.
 */
@Entity('alert_incidents')
@Index('ix_alert_incidents_workspace', ['workspaceId', 'openedAt', 'id'])
@Index('ix_alert_incidents_workspace_status', ['workspaceId', 'status', 'openedAt', 'id'])
@Index('uq_alert_incidents_active_rule', ['ruleId'], { unique: true, where: `status IN ('open', 'acknowledged')` })
export class Incident {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  /** no foreign key: incidents stay listed after their rule is deleted */
  @Column('uuid') ruleId: string;
  @Column({ type: 'varchar', length: 100 }) ruleName: string;
  @Column({ type: 'varchar', length: 16 }) metric: AlertMetric;
  @Column({ type: 'int' }) windowMinutes: number;
  @Column({ type: 'varchar', length: 1 }) operator: AlertOperator;
  @Column({ type: 'double precision' }) threshold: number;
  @Column({ type: 'varchar', length: 16, array: true, default: () => "'{}'" }) integrations: string[];
  @Column({ type: 'varchar', length: 16 }) status: IncidentStatus;
  /** the rule's value when the incident opened */
  @Column({ type: 'double precision' }) value: number;
  @Timestamp() openedAt: Date;
  @Timestamp({ nullable: true }) acknowledgedAt: Date | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) acknowledgedByType: string | null;
  @Column({ type: 'uuid', nullable: true }) acknowledgedById: string | null;
  @Timestamp({ nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) resolvedByType: string | null;
  @Column({ type: 'uuid', nullable: true }) resolvedById: string | null;
  /** when alert.triggered last went out (opening or reminder) */
  @Timestamp() notifiedAt: Date;
  @Column({ type: 'int', default: 0 }) reminders: number;
}
