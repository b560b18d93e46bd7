/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type DailyUsageDto = {
    date: string;
    /**
     * New traces counted that day (UTC)
     */
    traces: number;
};

