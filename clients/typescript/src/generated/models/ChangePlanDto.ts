/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { BillingCycle } from './BillingCycle';
import type { Plan } from './Plan';
export type ChangePlanDto = {
    /**
     * Default: the current cycle
     */
    billingCycle?: BillingCycle;
    /**
     * `enterprise` is sold by contract (403)
     */
    plan: Plan;
};

