import type { DomainEvents } from '../../common/domain-events';
import type { Tx } from '../../database/db';
import { entitlementsOf } from './entitlements.service';
import type { BillingAccount } from './entities/billing-account.entity';
import type { PlanId } from './plans';

type PlanState = Parameters<typeof entitlementsOf>[0];

/** The plan whose limits apply to an account now (free for none, canceled or lapsed). */
export const planInForce = (account: PlanState): PlanId => entitlementsOf(account).plan;

/** The fields of an account that decide the plan in force, copied before it is changed. */
export const planState = (a: BillingAccount): NonNullable<PlanState> => ({
  plan: a.plan,
  status: a.status,
  pastDueSince: a.pastDueSince,
  limitsOverride: a.limitsOverride,
});

/**
 * Publishes `billing.plan_changed` in `tx` when the plan in force differs before and after a change, so other
 * modules react in the same transaction (their handlers commit or roll back with it).
 */
export async function publishIfPlanChanged(
  events: DomainEvents,
  tx: Tx,
  workspaceId: string,
  before: PlanState,
  after: PlanState,
  source: 'api' | 'stripe',
): Promise<void> {
  const [was, is] = [planInForce(before), planInForce(after)];
  if (was !== is) await events.publish(tx, 'billing.plan_changed', { workspaceId, before: was, after: is, source });
}
