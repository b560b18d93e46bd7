/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpPartialSuccessDto } from './OtlpPartialSuccessDto';
export type OtlpExportTraceResponseDto = {
    /**
     * Present only when spans were refused
     */
    partialSuccess?: OtlpPartialSuccessDto;
};

