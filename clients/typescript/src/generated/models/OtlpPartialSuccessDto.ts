/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type OtlpPartialSuccessDto = {
    errorMessage: string;
    /**
     * Spans refused (not stored); int64 as a decimal string
     */
    rejectedSpans: string;
};

