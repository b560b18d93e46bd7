import type { BillingCycle, Plan, PlanLimitsDto } from '@api';

export interface PlanInfo {
  id: Plan;
  name: string;
  /** USD per month; null = by contract */
  priceMonthly: number | null;
  limits: PlanLimitsDto;
  blurb: string;
}

/** The plan catalogue as published (API.md, Billing); the limits in force come from GET /billing/config. */
export const PLANS: readonly PlanInfo[] = [
  {
    id: 'free',
    name: 'Free',
    priceMonthly: 0,
    blurb: 'For trying things out.',
    limits: { seats: 5, integrations: 3, tracesPerMonth: 10_000, retentionDays: 14 },
  },
  {
    id: 'starter',
    name: 'Starter',
    priceMonthly: 49,
    blurb: 'For small teams shipping agents.',
    limits: { seats: 10, integrations: 6, tracesPerMonth: 100_000, retentionDays: 30 },
  },
  {
    id: 'professional',
    name: 'Professional',
    priceMonthly: 249,
    blurb: 'For production workloads.',
    limits: { seats: 50, integrations: 6, tracesPerMonth: 1_000_000, retentionDays: 90 },
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    priceMonthly: null,
    blurb: 'Unlimited scale, by contract.',
    limits: { seats: null, integrations: 6, tracesPerMonth: null, retentionDays: 365 },
  },
];

export const PLAN_ORDER: Record<Plan, number> = { free: 0, starter: 1, professional: 2, enterprise: 3 };

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
