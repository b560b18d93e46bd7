/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { TraceStatsBucketDto } from './TraceStatsBucketDto';
export type TraceStatsDto = {
    /**
     * Width of a bucket in seconds: 60, 3600 or 86400
     */
    bucketSeconds: number;
    /**
     * Every bucket that overlaps [from, to), oldest first, empty ones included (traces 0, percentiles and cost null); buckets are aligned on UTC, so the first may start before `from`
     */
    buckets: Array<TraceStatsBucketDto>;
    /**
     * Start of the range (inclusive)
     */
    from: string;
    /**
     * End of the range (exclusive)
     */
    to: string;
};

