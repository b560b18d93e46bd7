/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { DailyUsageDto } from './DailyUsageDto';
import type { UsageMetricDto } from './UsageMetricDto';
export type UsageDto = {
    /**
     * One entry per day of the month up to today, oldest first
     */
    daily: Array<DailyUsageDto>;
    /**
     * Enabled integrations
     */
    integrations: UsageMetricDto;
    /**
     * End (exclusive) of the quota month
     */
    periodEnd: string;
    /**
     * Start of the quota month (calendar month, UTC)
     */
    periodStart: string;
    /**
     * Active members + pending invitations
     */
    seats: UsageMetricDto;
    /**
     * New traces this month
     */
    traces: UsageMetricDto;
};

