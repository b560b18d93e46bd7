/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpResourceDto } from './OtlpResourceDto';
import type { OtlpScopeSpansDto } from './OtlpScopeSpansDto';
export type OtlpResourceSpansDto = {
    resource?: OtlpResourceDto;
    schemaUrl?: string;
    scopeSpans: Array<OtlpScopeSpansDto>;
};

