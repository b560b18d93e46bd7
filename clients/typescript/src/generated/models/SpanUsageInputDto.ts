/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type SpanUsageInputDto = {
    inputTokens?: number;
    outputTokens?: number;
    /**
     * Defaults to inputTokens + outputTokens
     */
    totalTokens?: number;
};

