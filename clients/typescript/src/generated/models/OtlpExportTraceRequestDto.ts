/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpResourceSpansDto } from './OtlpResourceSpansDto';
export type OtlpExportTraceRequestDto = {
    resourceSpans: Array<OtlpResourceSpansDto>;
};

