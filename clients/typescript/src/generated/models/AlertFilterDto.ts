/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SpanKind } from './SpanKind';
export type AlertFilterDto = {
    /**
     * The root span's kind
     */
    kind?: SpanKind;
    /**
     * A model used by any span of the trace (exact)
     */
    model?: string;
    /**
     * Substring of the trace's root span name, case-insensitive
     */
    name?: string;
};

