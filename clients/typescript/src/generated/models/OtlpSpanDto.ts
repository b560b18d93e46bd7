/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpKeyValueDto } from './OtlpKeyValueDto';
import type { OtlpSpanEventDto } from './OtlpSpanEventDto';
import type { OtlpSpanKind } from './OtlpSpanKind';
import type { OtlpSpanLinkDto } from './OtlpSpanLinkDto';
import type { OtlpSpanStatusDto } from './OtlpSpanStatusDto';
export type OtlpSpanDto = {
    /**
     * GenAI / OpenInference attributes become kind, model, usage, input and output; the rest is kept in attributes
     */
    attributes?: Array<OtlpKeyValueDto>;
    /**
     * Unix time in nanoseconds as a decimal string (a JSON number is accepted too)
     */
    endTimeUnixNano: string;
    events?: Array<OtlpSpanEventDto>;
    flags?: number;
    /**
     * SPAN_KIND_UNSPECIFIED … SPAN_KIND_CONSUMER; stored as attribute `span.kind`
     */
    kind?: OtlpSpanKind;
    links?: Array<OtlpSpanLinkDto>;
    name: string;
    /**
     * Empty or absent for a root span
     */
    parentSpanId?: string;
    spanId: string;
    /**
     * Unix time in nanoseconds as a decimal string (a JSON number is accepted too)
     */
    startTimeUnixNano: string;
    status?: OtlpSpanStatusDto;
    /**
     * Hex, as the OTLP JSON encoding prescribes
     */
    traceId: string;
    traceState?: string;
};

