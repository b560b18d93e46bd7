import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Timestamp } from '../../../database/columns';

export type WebhookOutcome = 'applied' | 'ignored' | 'stale';

/**
 * Stripe events already processed: the event id is inserted in the same transaction that applies the
 * event, so a redelivered or replayed event is a no-op and a failed one is retried by Stripe.
 */
@Entity('billing_webhook_events')
export class BillingWebhookEvent {
  @PrimaryColumn({ type: 'varchar', length: 255 }) id: string;
  @Column({ type: 'varchar', length: 100 }) type: string;
  /** the event's `created` (Unix seconds) */
  @Column({ type: 'bigint' }) eventCreated: string;
  @Column({ type: 'uuid', nullable: true }) workspaceId: string | null;
  @Column({ type: 'varchar', length: 16 }) outcome: WebhookOutcome;
  @Index('ix_billing_webhook_events_processed') @Timestamp({ default: () => 'now()' }) processedAt: Date;
}
