import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { newEvent, UsageThresholdData } from '../../common/events';
import { DomainError } from '../../common/errors/domain-error';
import { OutboxService } from '../../database/outbox/outbox.service';
import { entitlementsOf } from './entitlements.service';
import { BillingAccount } from './entities/billing-account.entity';

export const THRESHOLDS = [80, 100] as const;

/** The quota month: the calendar month (UTC) containing `at`. */
export function usagePeriod(at: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Counts new traces toward the monthly quota. Called by ingestion inside its own transaction so the
 * count and the stored spans commit together; the period row is locked, so concurrent batches of
 * one workspace are serialised and the quota is never overshot.
 */
@Injectable()
export class UsageService {
  constructor(private readonly outbox: OutboxService) {}

  /** Limit and used count now (locked for the rest of the caller's transaction). */
  async lockPeriod(client: PoolClient, workspaceId: string, at: Date) {
    const { start, end } = usagePeriod(at);
    await client.query(
      `INSERT INTO usage_periods (workspace_id, period_start) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [workspaceId, isoDate(start)]);
    const { rows } = await client.query<{ traces: string; notified_thresholds: number[] }>(
      `SELECT traces, notified_thresholds FROM usage_periods WHERE workspace_id = $1 AND period_start = $2 FOR UPDATE`,
      [workspaceId, isoDate(start)]);
    const acc = await client.query(
      `SELECT plan, status, limits_override AS "limitsOverride", past_due_since AS "pastDueSince" FROM billing_config WHERE workspace_id = $1`, [workspaceId]);
    const { limits } = entitlementsOf((acc.rows[0] as BillingAccount | undefined) ?? null, at);
    return { start, end, used: Number(rows[0].traces), notified: rows[0].notified_thresholds, limit: limits.tracesPerMonth };
  }

  /**
   * Reserves `count` new traces: 402 `plan_limit_exceeded` if the month would pass the quota (nothing is
   * counted then); otherwise counts them (period and day) and announces each threshold crossed once.
   */
  async reserveTraces(client: PoolClient, workspaceId: string, count: number, at = new Date()): Promise<void> {
    if (count <= 0) return;
    const p = await this.lockPeriod(client, workspaceId, at);
    if (p.limit !== null && p.used + count > p.limit) {
      throw new DomainError('plan_limit_exceeded',
        `Monthly trace quota of ${p.limit} reached (${p.used} used this month, ${count} new in this batch); upgrade the plan or wait for ${isoDate(p.end)}`);
    }
    const used = p.used + count;
    const crossed = p.limit === null ? [] : THRESHOLDS.filter((t) => used * 100 >= t * p.limit! && !p.notified.includes(t));
    await client.query(
      `UPDATE usage_periods SET traces = traces + $3, notified_thresholds = notified_thresholds || $4::int[]
        WHERE workspace_id = $1 AND period_start = $2`, [workspaceId, isoDate(p.start), count, crossed]);
    await client.query(
      `INSERT INTO usage_daily (workspace_id, day, traces) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, day) DO UPDATE SET traces = usage_daily.traces + EXCLUDED.traces`, [workspaceId, isoDate(at), count]);
    for (const threshold of crossed) {
      const data: UsageThresholdData = { metric: 'traces', threshold, used, limit: p.limit as number,
        periodStart: p.start.toISOString(), periodEnd: p.end.toISOString() };
      await this.outbox.publishWithClient(client, newEvent('usage.threshold', workspaceId, data));
    }
  }
}
