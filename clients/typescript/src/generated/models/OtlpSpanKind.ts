/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * SPAN_KIND_UNSPECIFIED … SPAN_KIND_CONSUMER; stored as attribute `span.kind`
 */
export type OtlpSpanKind = 0 | 1 | 2 | 3 | 4 | 5;
