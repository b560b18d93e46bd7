/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { BillingCycle } from './BillingCycle';
import type { Plan } from './Plan';
export type CheckoutDto = {
    billingCycle: BillingCycle;
    cancelUrl: string;
    /**
     * `starter` or `professional`; `enterprise` is sold by contract (403)
     */
    plan: Plan;
    /**
     * Where Stripe sends the customer after paying (http or https; `{CHECKOUT_SESSION_ID}` is replaced by Stripe)
     */
    successUrl: string;
};

