import { Injectable } from '@nestjs/common';
import { newId } from '../../../database/columns';
import { CursorPosition } from '../../../common/pagination/pagination';
import { Db, Tx } from '../../../database/db';
import { BillingInvoice, InvoiceStatus } from '../entities/invoice.entity';

/** One invoice as Stripe last described it (our copy, kept by the invoice.* webhooks). */
export interface InvoiceCopy {
  workspaceId: string;
  stripeInvoiceId: string;
  number: string | null;
  status: InvoiceStatus;
  amountDue: number;
  amountPaid: number;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  hostedInvoiceUrl: string | null;
  pdfUrl: string | null;
  issuedAt: Date;
  /** `created` of the Stripe event that carried it (Unix seconds) */
  eventCreated: number;
}

/** `billing_invoices`: our copy of the workspace's Stripe invoices. */
@Injectable()
export class InvoiceRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts or updates the copy unless a newer event already wrote it (or it belongs to another workspace):
   * true when written, false when the event was stale.
   */
  async upsert(tx: Tx, inv: InvoiceCopy): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO billing_invoices (id, workspace_id, stripe_invoice_id, number, status, amount_due, amount_paid, currency,
         period_start, period_end, hosted_invoice_url, pdf_url, issued_at, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (stripe_invoice_id) DO UPDATE SET number = EXCLUDED.number, status = EXCLUDED.status,
         amount_due = EXCLUDED.amount_due, amount_paid = EXCLUDED.amount_paid, currency = EXCLUDED.currency,
         period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end, hosted_invoice_url = EXCLUDED.hosted_invoice_url,
         pdf_url = EXCLUDED.pdf_url, last_event_at = EXCLUDED.last_event_at, updated_at = now()
       WHERE billing_invoices.last_event_at <= EXCLUDED.last_event_at AND billing_invoices.workspace_id = EXCLUDED.workspace_id
       RETURNING id`,
      [
        newId(),
        inv.workspaceId,
        inv.stripeInvoiceId,
        inv.number,
        inv.status,
        inv.amountDue,
        inv.amountPaid,
        inv.currency,
        inv.periodStart,
        inv.periodEnd,
        inv.hostedInvoiceUrl,
        inv.pdfUrl,
        inv.issuedAt,
        inv.eventCreated,
      ],
    );
    return rows.length > 0;
  }

  async delete(tx: Tx, workspaceId: string, stripeInvoiceId: string): Promise<void> {
    await tx.query(`DELETE FROM billing_invoices WHERE stripe_invoice_id = $1 AND workspace_id = $2`, [stripeInvoiceId, workspaceId]);
  }

  /** Finalized invoices (not drafts), newest first, after the keyset cursor; `limit` rows at most. */
  page(workspaceId: string, after: CursorPosition | undefined, limit: number): Promise<BillingInvoice[]> {
    const qb = this.db.manager
      .createQueryBuilder(BillingInvoice, 'i')
      .where('i.workspace_id = :workspaceId', { workspaceId })
      .andWhere(`i.status <> 'draft'`);
    if (after) qb.andWhere('(i.issued_at, i.id) < (:v::timestamptz, :id::uuid)', { v: after.v, id: after.id });
    return qb.orderBy('i.issued_at', 'DESC').addOrderBy('i.id', 'DESC').limit(limit).getMany();
  }
}
