import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt } from '../../database/columns';

/** One Idempotency-Key use: in flight, then the stored response (replayed for 24 h). */
@Entity('idempotency_keys')
@Index('ix_idempotency_keys_created', ['createdAt'])
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'varchar', length: 100 }) scope: string;
  @PrimaryColumn({ type: 'varchar', length: 255 }) key: string;
  @Column({ type: 'char', length: 64 }) requestHash: string;
  @Column({ type: 'varchar', length: 16 }) state: 'in_flight' | 'done';
  @Column({ type: 'int', nullable: true }) responseStatus: number | null;
  @Column({ type: 'jsonb', nullable: true }) responseBody: unknown;
  @CreatedAt() createdAt: Date;
}
