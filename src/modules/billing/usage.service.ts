import { Injectable } from '@nestjs/common';
import { newEvent, UsageThresholdData } from '../../common/events';
import { DomainError } from '../../common/errors/domain-error';
import { OutboxService } from '../../common/outbox/outbox.service';
import type { Tx } from '../../database/db';
import { entitlementsOf } from './entitlements.service';
import { UsageRepository } from './repositories/usage.repository';

export const THRESHOLDS = [80, 100] as const;

/** The quota month: the calendar month (UTC) containing `at`. */
export function usagePeriod(at: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start, end };
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Counts new traces toward the monthly quota. Called by ingestion inside its own transaction so the
 * count and the stored spans commit together; the period row is locked, so concurrent batches of
 * one workspace are serialised and the quota is never overshot.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly usage: UsageRepository,
  ) {}

  /**
   * Reserves `count` new traces: 402 `plan_limit_exceeded` if the month would pass the quota; otherwise they
   * are counted (period and day) and each threshold crossed is announced once. ONE statement counts first
   * (locking the period row for the rest of the transaction, so concurrent batches of a workspace are
   * serialised and the quota never overshot) and returns the new total with the plan: the lock is held for
   * fewer round trips. On 402 the count is already made, so the caller rolls its transaction back, as it
   * does on any error (nothing of the batch is stored either).
   */
  async reserveTraces(tx: Tx, workspaceId: string, count: number, at = new Date()): Promise<void> {
    if (count <= 0) return;
    const { start, end } = usagePeriod(at);
    const row = await this.usage.countTraces(tx, workspaceId, isoDate(start), isoDate(at), count);
    const { limits } = entitlementsOf(row.plan ? (row as Parameters<typeof entitlementsOf>[0]) : null, at); // no row: free
    const limit = limits.tracesPerMonth;
    const used = Number(row.traces);
    if (limit !== null && used > limit) {
      throw new DomainError(
        'plan_limit_exceeded',
        `Monthly trace quota of ${limit} reached (${used - count} used this month, ${count} new in this batch); upgrade the plan or wait for ${isoDate(end)}`,
      );
    }
    const crossed = limit === null ? [] : THRESHOLDS.filter((t) => used * 100 >= t * limit && !row.notified.includes(t));
    if (!crossed.length) return;
    await this.usage.markNotified(tx, workspaceId, isoDate(start), crossed);
    for (const threshold of crossed) {
      const data: UsageThresholdData = {
        metric: 'traces',
        threshold,
        used,
        limit: limit as number,
        periodStart: start.toISOString(),
        periodEnd: end.toISOString(),
      };
      await this.outbox.publish(tx, newEvent('usage.threshold', workspaceId, data));
    }
  }
}
