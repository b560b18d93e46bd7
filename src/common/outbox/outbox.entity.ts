import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UuidPrimary } from '../../database/columns';

/**
 * A side effect (email, alert) recorded in the same transaction as the change that causes it.
 * The relay moves pending rows to BullMQ with job id = outbox id, so duplicates collapse.
 */
@Entity('outbox')
@Index('ix_outbox_pending', ['createdAt'], { where: 'dispatched_at IS NULL' })
export class OutboxMessage {
  @UuidPrimary() id: string;
  @Column({ type: 'varchar', length: 64 }) queue: string;
  @Column({ type: 'varchar', length: 64 }) job: string;
  @Column({ type: 'jsonb' }) payload: Record<string, unknown>;
  @CreatedAt() createdAt: Date;
  @Timestamp({ nullable: true }) dispatchedAt: Date | null;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
}
