import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Traces counted toward the monthly quota, per workspace and calendar month (UTC). */
@Entity('usage_periods')
export class UsagePeriod {
  @PrimaryColumn('uuid') workspaceId: string;
  @PrimaryColumn({ type: 'date' }) periodStart: string;
  @Column({ type: 'bigint', default: 0 }) traces: string;
  /** quota thresholds (80, 100) already announced with a usage.threshold event this period */
  @Column({ type: 'int', array: true, default: () => "'{}'" }) notifiedThresholds: number[];
}

/** New traces per workspace and UTC day (the usage chart). */
@Entity('usage_daily')
export class UsageDaily {
  @PrimaryColumn('uuid') workspaceId: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @Column({ type: 'bigint', default: 0 }) traces: string;
}
