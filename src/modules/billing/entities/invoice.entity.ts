import { Column, Entity, Index } from 'typeorm';
import { CreatedAt, Timestamp, UpdatedAt, UuidPrimary } from '../../../database/columns';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * Our copy of a workspace's Stripe invoices, kept in step by the invoice.* webhooks (the invoices
 * list is served from here, never from Stripe on the request path).
 */
@Entity('billing_invoices')
@Index('ix_billing_invoices_workspace', ['workspaceId', 'issuedAt', 'id'])
export class BillingInvoice {
  @UuidPrimary() id: string;
  @Column('uuid') workspaceId: string;
  @Index('uq_billing_invoices_stripe_id', { unique: true }) @Column({ type: 'varchar', length: 255 }) stripeInvoiceId: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) number: string | null;
  @Column({ type: 'varchar', length: 16 }) status: InvoiceStatus;
  /** minor units of `currency` (cents) */
  @Column({ type: 'bigint' }) amountDue: string;
  @Column({ type: 'bigint' }) amountPaid: string;
  @Column({ type: 'varchar', length: 3 }) currency: string;
  @Timestamp({ nullable: true }) periodStart: Date | null;
  @Timestamp({ nullable: true }) periodEnd: Date | null;
  @Column({ type: 'text', nullable: true }) hostedInvoiceUrl: string | null;
  @Column({ type: 'text', nullable: true }) pdfUrl: string | null;
  /** when Stripe created the invoice (the list's `createdAt` and sort order) */
  @Timestamp() issuedAt: Date;
  /** `created` of the newest event applied to this row (older events never overwrite it) */
  @Column({ type: 'bigint' }) lastEventAt: string;
  @CreatedAt() createdAt: Date;
  @UpdatedAt() updatedAt: Date;
}
