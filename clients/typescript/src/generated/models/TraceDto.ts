/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SpanDto } from './SpanDto';
import type { SpanKind } from './SpanKind';
import type { SpanStatus } from './SpanStatus';
export type TraceDto = {
    /**
     * endTime - startTime in milliseconds (with a fraction: times keep microseconds)
     */
    durationMs: number | null;
    /**
     * Latest span end; null while no span has ended
     */
    endTime: string | null;
    /**
     * Kind of the span the trace is named after (the root span, the earliest span while the root has not arrived)
     */
    kind: SpanKind | null;
    /**
     * The distinct models its spans used, sorted
     */
    models: Array<string>;
    /**
     * Name of the root span (the earliest span while the root has not arrived)
     */
    name: string | null;
    spanCount: number;
    /**
     * In start order (at most 10,000)
     */
    spans: Array<SpanDto>;
    /**
     * Start of the earliest span (microseconds)
     */
    startTime: string;
    /**
     * error if any span failed, else ok if any span is ok, else unset
     */
    status: SpanStatus;
    /**
     * Sum of the spans' costUsd; null when none of its spans has a cost (unknown is not zero)
     */
    totalCostUsd: number | null;
    /**
     * Sum of the spans' usage.totalTokens
     */
    totalTokens: number;
    traceId: string;
};

