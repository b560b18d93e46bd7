import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { BillingAccount } from './entities/billing-account.entity';
import { effectiveLimits, PlanId, PlanLimits } from './plans';
import { Sql } from '../../database/db';
import { BillingAccountRepository } from './repositories/billing-account.repository';

/** How long a past_due subscription keeps its paid limits before falling back to free ones. */
export const PAST_DUE_GRACE_DAYS = 14;

export interface Entitlements {
  plan: PlanId;
  limits: PlanLimits;
}

/**
 * The one service other modules use for plan limits (team: seats, integrations: integrations,
 * ingestion: traces per month). Canceled subscriptions fall back to free limits; past_due keeps
 * working for PAST_DUE_GRACE_DAYS.
 */
@Injectable()
export class EntitlementsService {
  constructor(private readonly accounts: BillingAccountRepository) {}

  /** The plan and limits in force, read in the caller's transaction when given (e.g. under its own lock). */
  async get(workspaceId: string, sql?: Sql): Promise<Entitlements> {
    return entitlementsOf(await this.accounts.find(workspaceId, sql));
  }

  /** Throws 402 `plan_limit_exceeded` when `used + adding` would pass the limit (null = unlimited). */
  assertWithin(limitName: keyof Omit<PlanLimits, 'retentionDays'>, limit: number | null, used: number, adding = 1): void {
    if (limit !== null && used + adding > limit) {
      throw new DomainError(
        'plan_limit_exceeded',
        `Your plan allows ${limit} ${LIMIT_LABEL[limitName]}; ${used} in use. Upgrade the plan to add more.`,
      );
    }
  }
}

const LIMIT_LABEL = {
  seats: 'seats (active members + pending invitations)',
  integrations: 'enabled integrations',
  tracesPerMonth: 'traces per month',
};

export function entitlementsOf(
  account: Pick<BillingAccount, 'plan' | 'status' | 'pastDueSince' | 'limitsOverride'> | null,
  now = new Date(),
): Entitlements {
  if (!account) return { plan: 'free', limits: effectiveLimits('free') };
  const lapsed =
    account.status === 'canceled' ||
    account.status === 'incomplete' ||
    (account.status === 'past_due' &&
      account.pastDueSince !== null &&
      now.getTime() - account.pastDueSince.getTime() > PAST_DUE_GRACE_DAYS * 86400_000);
  const plan: PlanId = lapsed ? 'free' : account.plan;
  return { plan, limits: effectiveLimits(plan, plan === account.plan ? account.limitsOverride : null) };
}
