import { Injectable } from '@nestjs/common';
import { Db, Sql, Tx } from '../../../database/db';
import { BillingAccount } from '../entities/billing-account.entity';

/**
 * `billing_config`, one row per workspace (none = the free plan). A settings table: TypeORM's entity API through
 * the `Tx`/`Db` manager, SQL for the conditional updates the entity API cannot express atomically.
 */
@Injectable()
export class BillingAccountRepository {
  constructor(private readonly db: Db) {}

  find(workspaceId: string, sql: Sql = this.db): Promise<BillingAccount | null> {
    return sql.manager.findOneBy(BillingAccount, { workspaceId });
  }

  /** Creates the row with the free defaults if missing (one statement, no lock kept). */
  async ensure(workspaceId: string, sql: Sql = this.db): Promise<void> {
    await sql.query(`INSERT INTO billing_config (workspace_id) VALUES ($1) ON CONFLICT (workspace_id) DO NOTHING`, [workspaceId]);
  }

  /** The row (created with the free defaults if missing), locked for the rest of `tx`. */
  async lock(tx: Tx, workspaceId: string): Promise<BillingAccount> {
    await this.ensure(workspaceId, tx);
    return tx.manager.findOneOrFail(BillingAccount, { where: { workspaceId }, lock: { mode: 'pessimistic_write' } });
  }

  /** The row linked to a Stripe customer, locked for the rest of `tx`. */
  lockByCustomer(tx: Tx, customerId: string): Promise<BillingAccount | null> {
    return tx.manager.findOne(BillingAccount, { where: { stripeCustomerId: customerId }, lock: { mode: 'pessimistic_write' } });
  }

  async save(tx: Tx, account: BillingAccount): Promise<void> {
    await tx.manager.save(account);
  }

  /**
   * Reserves the workspace's next plan change under `changeId` for `ttlSeconds` (creating the row with the free
   * defaults if missing), unless another unexpired reservation exists: true when reserved. One statement; the row
   * lock lasts only for it.
   */
  async reserveChange(workspaceId: string, changeId: string, ttlSeconds: number): Promise<boolean> {
    const { count } = await this.db.execute(
      `INSERT INTO billing_config AS b (workspace_id, pending_change_id, pending_change_expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (workspace_id) DO UPDATE
         SET pending_change_id = EXCLUDED.pending_change_id, pending_change_expires_at = EXCLUDED.pending_change_expires_at
         WHERE b.pending_change_id IS NULL OR b.pending_change_expires_at < now()`,
      [workspaceId, changeId, ttlSeconds],
    );
    return count === 1;
  }

  /** Ends a reservation (a no-op if it is no longer this one). */
  async releaseChange(workspaceId: string, changeId: string, sql: Sql = this.db): Promise<void> {
    await sql.query(
      `UPDATE billing_config SET pending_change_id = NULL, pending_change_expires_at = NULL WHERE workspace_id = $1 AND pending_change_id = $2`,
      [workspaceId, changeId],
    );
  }

  /**
   * Links the Stripe customer unless one is linked already (first writer wins); returns the customer linked now.
   * One statement, so no lock is held while Stripe is called.
   */
  async linkCustomer(workspaceId: string, customerId: string): Promise<string> {
    const [row] = await this.db.query<{ stripe_customer_id: string }>(
      `INSERT INTO billing_config AS b (workspace_id, stripe_customer_id) VALUES ($1, $2)
       ON CONFLICT (workspace_id) DO UPDATE SET stripe_customer_id = COALESCE(b.stripe_customer_id, EXCLUDED.stripe_customer_id),
         updated_at = CASE WHEN b.stripe_customer_id IS NULL THEN now() ELSE b.updated_at END
       RETURNING stripe_customer_id`,
      [workspaceId, customerId],
    );
    return row.stripe_customer_id;
  }
}
