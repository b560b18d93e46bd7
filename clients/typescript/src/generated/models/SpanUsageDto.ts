/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type SpanUsageDto = {
    /**
     * Prompt tokens (0 when omitted)
     */
    inputTokens: number;
    /**
     * Completion tokens (0 when omitted)
     */
    outputTokens: number;
    /**
     * Defaults to inputTokens + outputTokens
     */
    totalTokens: number;
};

