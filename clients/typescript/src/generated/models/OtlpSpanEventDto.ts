/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpKeyValueDto } from './OtlpKeyValueDto';
export type OtlpSpanEventDto = {
    attributes?: Array<OtlpKeyValueDto>;
    name: string;
    /**
     * Unix time in nanoseconds as a decimal string (a JSON number is accepted too)
     */
    timeUnixNano: string;
};

