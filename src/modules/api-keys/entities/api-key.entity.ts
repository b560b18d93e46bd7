import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UuidPrimary } from '../../../database/columns';
import { Role } from '../../../common/auth/roles';

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
  @Column({ type: 'uuid', nullable: true }) createdBy: string | null;
  @CreatedAt() createdAt: Date;
  @Timestamp({ nullable: true }) lastUsedAt: Date | null;
  @Timestamp({ nullable: true }) revokedAt: Date | null;
}
