/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type PlanLimitsDto = {
    /**
     * Enabled integrations; null = unlimited
     */
    integrations: number | null;
    /**
     * Days traces are kept at most
     */
    retentionDays: number;
    /**
     * Active members + pending invitations; null = unlimited
     */
    seats: number | null;
    /**
     * New traces per calendar month (UTC); null = unlimited
     */
    tracesPerMonth: number | null;
};

