/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpInstrumentationScopeDto } from './OtlpInstrumentationScopeDto';
import type { OtlpSpanDto } from './OtlpSpanDto';
export type OtlpScopeSpansDto = {
    schemaUrl?: string;
    scope?: OtlpInstrumentationScopeDto;
    spans: Array<OtlpSpanDto>;
};

