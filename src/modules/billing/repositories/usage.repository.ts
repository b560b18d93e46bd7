import { Injectable } from '@nestjs/common';
import { Db, Tx } from '../../../database/db';
import type { BillingAccount } from '../entities/billing-account.entity';

/** What counting a batch returns: the month's new total, the thresholds announced, and the plan row (absent: free). */
export type CountedTraces = { traces: string; notified: number[] } & Pick<BillingAccount, 'limitsOverride' | 'pastDueSince'> & {
    plan: BillingAccount['plan'] | null;
    status: BillingAccount['status'] | null;
  };

/** `usage_periods` (traces per workspace and quota month) and `usage_daily` (per UTC day). */
@Injectable()
export class UsageRepository {
  constructor(private readonly db: Db) {}

  /**
   * Hot path (every ingested batch): ONE prepared statement counts `count` traces in the month and the day, locking
   * the month's row for the rest of `tx`, and returns the new total with the workspace's plan row.
   */
  async countTraces(tx: Tx, workspaceId: string, periodStart: string, day: string, count: number): Promise<CountedTraces> {
    const rows = await tx.query<CountedTraces>(
      `
      WITH p AS (
        INSERT INTO usage_periods AS u (workspace_id, period_start, traces) VALUES ($1, $2, $3)
        ON CONFLICT (workspace_id, period_start) DO UPDATE SET traces = u.traces + EXCLUDED.traces
        RETURNING u.traces, u.notified_thresholds
      ), d AS (
        INSERT INTO usage_daily AS d (workspace_id, day, traces) VALUES ($1, $4, $3)
        ON CONFLICT (workspace_id, day) DO UPDATE SET traces = d.traces + EXCLUDED.traces
      )
      SELECT p.traces, p.notified_thresholds AS notified, b.plan, b.status, b.limits_override AS "limitsOverride",
             b.past_due_since AS "pastDueSince"
        FROM p LEFT JOIN billing_config b ON b.workspace_id = $1`,
      [workspaceId, periodStart, count, day],
      { name: 'usage_reserve_traces' },
    );
    return rows[0];
  }

  /** Records thresholds announced this month (so each is announced once). */
  async markNotified(tx: Tx, workspaceId: string, periodStart: string, thresholds: number[]): Promise<void> {
    await tx.query(
      `UPDATE usage_periods SET notified_thresholds = notified_thresholds || $3::int[] WHERE workspace_id = $1 AND period_start = $2`,
      [workspaceId, periodStart, thresholds],
    );
  }

  /** Traces counted in the month starting `periodStart` (YYYY-MM-DD). */
  async periodTraces(workspaceId: string, periodStart: string): Promise<number> {
    const [row] = await this.db.query<{ traces: string }>(
      `SELECT traces FROM usage_periods WHERE workspace_id = $1 AND period_start = $2`,
      [workspaceId, periodStart],
    );
    return Number(row?.traces ?? 0);
  }

  /** Traces per day (YYYY-MM-DD → count) in [from, to). */
  async dailyTraces(workspaceId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.db.query<{ day: string; traces: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, traces FROM usage_daily WHERE workspace_id = $1 AND day >= $2 AND day < $3`,
      [workspaceId, from, to],
    );
    return new Map(rows.map((r) => [r.day, Number(r.traces)]));
  }
}
