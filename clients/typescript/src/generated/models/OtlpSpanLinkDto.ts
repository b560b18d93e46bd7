/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpKeyValueDto } from './OtlpKeyValueDto';
export type OtlpSpanLinkDto = {
    attributes?: Array<OtlpKeyValueDto>;
    spanId: string;
    traceId: string;
    traceState?: string;
};

