import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../../database/db';
import { WebhookOutcome } from '../entities/webhook-event.entity';

/** `billing_webhook_events`: the Stripe event ids already applied (each is applied once). */
@Injectable()
export class WebhookEventRepository {
  constructor(private readonly db: Db) {}

  /** Records the event in `tx`: false if it was recorded before (already processed, or being processed). */
  async claim(tx: Tx, id: string, type: string, created: number): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO billing_webhook_events (id, type, event_created, outcome) VALUES ($1, $2, $3, 'ignored')
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, type, created],
    );
    return rows.length > 0;
  }

  async setOutcome(tx: Tx, id: string, outcome: WebhookOutcome, workspaceId: string | null): Promise<void> {
    await tx.query(`UPDATE billing_webhook_events SET outcome = $2, workspace_id = $3 WHERE id = $1`, [id, outcome, workspaceId]);
  }

  /** Forgets events processed more than `days` ago; returns how many. */
  async prune(days: number): Promise<number> {
    const { count } = await this.db.execute(`DELETE FROM billing_webhook_events WHERE processed_at < now() - make_interval(days => $1)`, [
      days,
    ]);
    return count;
  }
}
