/**
 * The plans and their default limits: the one place they are defined (API.md, Billing). Served as they are by
 * GET /api/v1/billing/plans, which the web app reads (it keeps no copy).
 */
export const PLAN_IDS = ['free', 'starter', 'professional', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];
export const BILLING_CYCLES = ['monthly', 'yearly'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
/** Plans bought self-serve through Stripe Checkout. */
export const PAID_PLAN_IDS = ['starter', 'professional'] as const;
export type PaidPlanId = (typeof PAID_PLAN_IDS)[number];

export interface PlanLimits {
  /** null = unlimited */
  seats: number | null;
  integrations: number | null;
  tracesPerMonth: number | null;
  retentionDays: number;
}

export interface Plan {
  id: PlanId;
  name: string;
  /** one line for plan pickers (the web app's plan cards) */
  description: string;
  limits: PlanLimits;
  /** USD per month; null = by contract */
  priceMonthlyUsd: number | null;
  /** USD per year (two months free); null = by contract */
  priceYearlyUsd: number | null;
  selfServe: boolean;
}

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: 'free',
    name: 'Free',
    description: 'For trying things out.',
    limits: { seats: 5, integrations: 3, tracesPerMonth: 10_000, retentionDays: 14 },
    priceMonthlyUsd: 0,
    priceYearlyUsd: 0,
    selfServe: true,
  },
  starter: {
    id: 'starter',
    name: 'Starter',
    description: 'For small teams shipping agents.',
    limits: { seats: 10, integrations: 6, tracesPerMonth: 100_000, retentionDays: 30 },
    priceMonthlyUsd: 49,
    priceYearlyUsd: 490,
    selfServe: true,
  },
  professional: {
    id: 'professional',
    name: 'Professional',
    description: 'For production workloads.',
    limits: { seats: 50, integrations: 6, tracesPerMonth: 1_000_000, retentionDays: 90 },
    priceMonthlyUsd: 249,
    priceYearlyUsd: 2490,
    selfServe: true,
  },
  enterprise: {
    id: 'enterprise',
    name: 'Enterprise',
    description: 'Unlimited scale, by contract.',
    limits: { seats: null, integrations: 6, tracesPerMonth: null, retentionDays: 365 },
    priceMonthlyUsd: null,
    priceYearlyUsd: null,
    selfServe: false,
  },
};

export const isPaidPlan = (plan: PlanId): plan is PaidPlanId => plan === 'starter' || plan === 'professional';

/** Limits of a plan with a workspace's contract overrides applied (enterprise deals). */
export function effectiveLimits(plan: PlanId, override?: Partial<PlanLimits> | null): PlanLimits {
  return { ...PLANS[plan].limits, ...(override ?? {}) };
}
