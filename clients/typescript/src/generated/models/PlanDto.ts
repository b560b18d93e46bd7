/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Plan } from './Plan';
import type { PlanLimitsDto } from './PlanLimitsDto';
export type PlanDto = {
    description: string;
    id: Plan;
    /**
     * The plan's default limits (a workspace's contract may override them)
     */
    limits: PlanLimitsDto;
    name: string;
    /**
     * List price in USD per month; null = by contract
     */
    priceMonthlyUsd: number | null;
    /**
     * List price in USD per year; null = by contract
     */
    priceYearlyUsd: number | null;
    /**
     * Bought through Stripe Checkout (false: sold by contract, sales only)
     */
    selfServe: boolean;
};

