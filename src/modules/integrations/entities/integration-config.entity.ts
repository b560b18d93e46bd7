import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt, UuidPrimary } from '../../../database/columns';
import type { HealthStatus, IntegrationType } from '../integration-types';

/**
 * The seed's integrations_config: one row per workspace and type, created on first configuration.
 * `config` is plain JSON (never secret); `credentials` is the AES-256-GCM ciphertext of the
 * credentials JSON (key id inside, see common/crypto/encryption.ts). `config IS NULL` = not configured
 * (a purge keeps the row so the delivery log survives).
 */
@Entity('integrations_config')
@Index('uq_integrations_config_workspace_type', ['workspaceId', 'type'], { unique: true })
@Index('ix_integrations_config_enabled', ['id'], { where: 'enabled' })
export class IntegrationConfig {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Column({ type: 'varchar', length: 16 }) type: IntegrationType;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ type: 'boolean', default: false }) enabled: boolean;
  @Column({ type: 'jsonb', nullable: true }) config: Record<string, unknown> | null;
  @Column({ type: 'text', nullable: true }) credentials: string | null;
  @Column({ type: 'varchar', length: 16, default: 'unknown' }) healthStatus: HealthStatus;
  @Timestamp({ nullable: true }) lastCheckedAt: Date | null;
  @Timestamp({ nullable: true }) lastSuccessAt: Date | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @Column({ type: 'int', default: 0 }) consecutiveFailures: number;
  /** set when health checks disabled it; cleared by enable (which also resets health) */
  @Timestamp({ nullable: true }) autoDisabledAt: Date | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
