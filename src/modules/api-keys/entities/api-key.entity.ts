import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UuidPrimary } from '../../../database/columns';
import { Role } from '../../../common/auth/roles';

export const KEY_SCOPES = ['full', 'ingest'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

@Entity('api_keys')
@Index('ix_api_keys_workspace', ['workspaceId', 'createdAt'])
export class ApiKey {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  /** first characters of the secret, for display */
  @Column({ type: 'varchar', length: 16 }) prefix: string;
  @Index('uq_api_keys_digest', { unique: true }) @Column({ type: 'char', length: 64 }) keyDigest: string;
  @Column({ type: 'varchar', length: 16 }) role: Role;
  /** `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP routes */
  @Column({ type: 'varchar', length: 16, default: 'full' }) scope: KeyScope;
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreatedAt() createdAt: Date;
  @Timestamp({ nullable: true }) lastUsedAt: Date | null;
  @Timestamp({ nullable: true }) revokedAt: Date | null;
  /** after this time the key answers 401 (null: never expires) */
  @Timestamp({ nullable: true }) expiresAt: Date | null;
  /** set when the key was rotated: it keeps working until then */
  @Timestamp({ nullable: true }) graceEndsAt: Date | null;
  /** the key that replaced it (rotation) */
  @Column({ type: 'uuid', nullable: true }) rotatedTo: string | null;
}
