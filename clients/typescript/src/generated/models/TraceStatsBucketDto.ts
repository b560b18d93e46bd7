/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type TraceStatsBucketDto = {
    /**
     * Traces with status error
     */
    errors: number;
    /**
     * Median duration of the traces that ended (linear interpolation); null when none did
     */
    p50DurationMs: number | null;
    /**
     * 95th percentile duration, like p50DurationMs
     */
    p95DurationMs: number | null;
    /**
     * Start of the bucket (traces by start time)
     */
    start: string;
    /**
     * Sum of the traces' costs; null when none of them has a cost
     */
    totalCostUsd: number | null;
    totalTokens: number;
    traces: number;
};

