/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SpanKind } from './SpanKind';
import type { SpanStatus } from './SpanStatus';
import type { SpanUsageDto } from './SpanUsageDto';
export type SpanDto = {
    attributes: Record<string, any> | null;
    costUsd: number | null;
    /**
     * Six fraction digits (microseconds)
     */
    endTime: string | null;
    input: (string | number | boolean | Record<string, any>) | null;
    kind: SpanKind;
    model: string | null;
    name: string;
    output: (string | number | boolean | Record<string, any>) | null;
    parentSpanId: string | null;
    spanId: string;
    /**
     * Six fraction digits (microseconds)
     */
    startTime: string;
    status: SpanStatus;
    statusMessage: string | null;
    traceId: string;
    usage: SpanUsageDto | null;
};

