import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt, UuidPrimary } from '../../../database/columns';
import type { EventType } from '../../../common/events';
import type { DeliveryStatus, IntegrationType } from '../integration-types';

/** One event delivered (or being delivered) to one integration: the per-integration delivery log. */
@Entity('integration_deliveries')
@Index('uq_integration_deliveries_event', ['eventId', 'integrationId'], { unique: true })
@Index('ix_integration_deliveries_list', ['workspaceId', 'integrationType', 'createdAt', 'id'])
@Index('ix_integration_deliveries_created', ['createdAt'])
export class IntegrationDelivery {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Column('uuid') integrationId: string;
  @Column({ type: 'varchar', length: 16 }) integrationType: IntegrationType;
  @Column({ type: 'varchar', length: 100 }) eventId: string;
  @Column({ type: 'varchar', length: 32 }) eventType: EventType;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status: DeliveryStatus;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ type: 'int', nullable: true }) responseStatus: number | null;
  @Column({ type: 'int', nullable: true }) latencyMs: number | null;
  @Column({ type: 'varchar', length: 500, nullable: true }) lastError: string | null;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
  @Timestamp({ nullable: true }) deliveredAt: Date | null;
}
