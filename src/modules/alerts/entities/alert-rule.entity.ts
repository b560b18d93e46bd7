import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt, UuidPrimary } from '../../../database/columns';
import type { AlertFilter, AlertMetric, AlertOperator } from '../alert-metrics';

/**
 * An alert rule of a workspace (API.md, Alert rules and incidents). `evaluated_slot` is the last evaluation interval
 * (epoch / ALERT_EVALUATION_INTERVAL_SECONDS) the scheduled evaluation claimed the rule for: claiming is one
 * conditional UPDATE, so a rule is evaluated once per interval however many workers run the job.
 * `clear_streak` counts evaluations in a row that found the rule not breached (two resolve its incident).
 */
@Entity('alert_rules')
@Index('ix_alert_rules_workspace', ['workspaceId', 'createdAt', 'id'])
@Index('ix_alert_rules_enabled', ['id'], { where: 'enabled' })
export class AlertRule {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'varchar', length: 16 }) metric: AlertMetric;
  @Column({ type: 'int' }) windowMinutes: number;
  @Column({ type: 'varchar', length: 1 }) operator: AlertOperator;
  @Column({ type: 'double precision' }) threshold: number;
  @Column({ type: 'jsonb', default: () => "'{}'" }) filter: AlertFilter;
  @Column({ type: 'varchar', length: 16, array: true, default: () => "'{}'" }) integrations: string[];
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @Timestamp({ nullable: true }) lastEvaluatedAt: Date | null;
  @Column({ type: 'double precision', nullable: true }) lastValue: number | null;
  @Column({ type: 'int', default: 0 }) clearStreak: number;
  @Column({ type: 'bigint', default: 0 }) evaluatedSlot: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
