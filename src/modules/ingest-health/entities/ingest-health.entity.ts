import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UuidPrimary } from '../../../database/columns';

/** Per workspace and UTC hour: what happened to its telemetry (one row per hour with traffic, summed by every process). */
@Entity('ingest_health_hourly')
@Index('ix_ingest_health_hourly_hour', ['hour'])
export class IngestHealthHour {
  @PrimaryColumn('uuid') workspaceId: string;
  @PrimaryColumn('timestamptz') hour: Date;
  /** spans stored */
  @Column('bigint', { default: 0 }) accepted: string;
  /** spans dropped by sampling */
  @Column('bigint', { default: 0 }) sampledOut: string;
  /** spans refused by validation */
  @Column('bigint', { default: 0 }) rejectedValidation: string;
  /** requests refused: quota (402), rate limit (429), too large (413), expired or revoked key (401) */
  @Column('bigint', { default: 0 }) rejectedQuota: string;
  @Column('bigint', { default: 0 }) rejectedRateLimited: string;
  @Column('bigint', { default: 0 }) rejectedTooLarge: string;
  @Column('bigint', { default: 0 }) rejectedKey: string;
}

/** The latest refusals of a workspace's ingest requests (kept: the newest 200 per workspace). */
@Entity('ingest_health_errors')
@Index('ix_ingest_health_errors_workspace', ['workspaceId', 'at'])
export class IngestHealthError {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Column('timestamptz') at: Date;
  @Column({ type: 'varchar', length: 8 }) source: string;
  @Column({ type: 'varchar', length: 64 }) code: string;
  @Column({ type: 'varchar', length: 500 }) message: string;
  @Column({ type: 'varchar', length: 16, nullable: true }) keyPrefix: string | null;
}
