/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpKeyValueDto } from './OtlpKeyValueDto';
export type OtlpInstrumentationScopeDto = {
    attributes?: Array<OtlpKeyValueDto>;
    name?: string;
    version?: string;
};

