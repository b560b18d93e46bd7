import type { BillingCycle, Plan } from '@api';

// The plan catalogue itself (names, limits, prices) comes from the API: GET /api/v1/billing/plans.

export type PlanAction =
  | { kind: 'current' }
  | { kind: 'contact' }
  | { kind: 'checkout'; plan: Plan; billingCycle: BillingCycle }
  | { kind: 'change'; plan: Plan; billingCycle: BillingCycle }
  | { kind: 'downgrade' };

/**
 * What the button on a plan card does. A paid plan without a live Stripe subscription goes through
 * Checkout; with one, the subscription's price is changed; free cancels at the period end.
 */
export function planAction(
  target: Plan,
  current: { plan: Plan; status: string; currentPeriodStart: string | null; cancelAtPeriodEnd: boolean },
  billingCycle: BillingCycle,
): PlanAction {
  if (target === 'enterprise') return current.plan === 'enterprise' ? { kind: 'current' } : { kind: 'contact' };
  const hasSubscription =
    current.plan !== 'free' && current.currentPeriodStart !== null && !['canceled', 'incomplete'].includes(current.status);
  if (target === current.plan && (target === 'free' || hasSubscription) && !current.cancelAtPeriodEnd) return { kind: 'current' };
  if (target === 'free') return current.plan === 'free' ? { kind: 'current' } : { kind: 'downgrade' };
  return hasSubscription ? { kind: 'change', plan: target, billingCycle } : { kind: 'checkout', plan: target, billingCycle };
}
