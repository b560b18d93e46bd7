/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SpanKind } from './SpanKind';
import type { SpanStatus } from './SpanStatus';
import type { SpanUsageInputDto } from './SpanUsageInputDto';
export type IngestSpanDto = {
    /**
     * At most 256 keys of at most 256 characters
     */
    attributes?: Record<string, any> | null;
    costUsd?: number | null;
    /**
     * Not before startTime; absent while running
     */
    endTime?: string | null;
    /**
     * Any JSON; PII-masked when the workspace enables piiMasking
     */
    input?: (string | number | boolean | Record<string, any>) | null;
    kind: SpanKind;
    model?: string | null;
    name: string;
    /**
     * Any JSON; PII-masked when the workspace enables piiMasking
     */
    output?: (string | number | boolean | Record<string, any>) | null;
    /**
     * Absent or null for the root span
     */
    parentSpanId?: string | null;
    spanId: string;
    /**
     * ISO-8601 with a time zone and up to 9 fraction digits; within the last 365 days and at most 1 day ahead (stored to the microsecond)
     */
    startTime: string;
    status?: SpanStatus;
    statusMessage?: string | null;
    /**
     * W3C trace id (stored lower-case)
     */
    traceId: string;
    usage?: SpanUsageInputDto | null;
};

