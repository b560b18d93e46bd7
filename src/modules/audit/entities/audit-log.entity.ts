import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, UuidPrimary } from '../../../database/columns';

export type ActorType = 'user' | 'api_key' | 'system';

@Entity('audit_logs')
@Index('ix_audit_logs_workspace_created', ['workspaceId', 'createdAt', 'id'])
export class AuditLog {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Column({ type: 'varchar', length: 64 }) action: string;
  @Column({ type: 'varchar', length: 16 }) actorType: ActorType;
  @Column({ type: 'varchar', length: 64, nullable: true }) actorId: string | null;
  @Column({ type: 'varchar', length: 32 }) targetType: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) targetId: string | null;
  @Column({ type: 'jsonb', default: {} }) metadata: Record<string, unknown>;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @CreatedAt() createdAt: Date;
}
