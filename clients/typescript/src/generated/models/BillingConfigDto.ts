/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { BillingCycle } from './BillingCycle';
import type { Plan } from './Plan';
import type { PlanLimitsDto } from './PlanLimitsDto';
import type { SubscriptionStatus } from './SubscriptionStatus';
export type BillingConfigDto = {
    billingCycle: BillingCycle;
    billingEmail: string | null;
    /**
     * The subscription ends (back to free) at currentPeriodEnd
     */
    cancelAtPeriodEnd: boolean;
    currentPeriodEnd: string | null;
    /**
     * Start of the paid subscription period (null without a subscription)
     */
    currentPeriodStart: string | null;
    hasPaymentMethod: boolean;
    /**
     * The limits in force now (plan, contract overrides and subscription status applied)
     */
    limits: PlanLimitsDto;
    plan: Plan;
    /**
     * `past_due` keeps the plan's limits for a 14-day grace period; `canceled` and `incomplete` get the free limits
     */
    status: SubscriptionStatus;
};

