/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpExportTraceRequestDto } from '../models/OtlpExportTraceRequestDto';
import type { OtlpExportTraceResponseDto } from '../models/OtlpExportTraceResponseDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class OtelService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * Receive traces over OTLP/HTTP (protobuf or JSON)
     * OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and Collectors: point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as `Authorization: Bearer ao_sk_…` or `x-api-key`. Bodies are `application/x-protobuf` or `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. Spans are mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage, input, output; resource attributes under `resource.*`; the rest kept in attributes) and stored exactly like POST /api/v1/ingest (validation, PII masking, sampling, quota, trace.error alerts). Answers follow the OTLP spec, in the encoding of the request: ExportTraceServiceResponse with `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). Requests of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its spans (partialSuccess).
     * @returns OtlpExportTraceResponseDto ExportTraceServiceResponse, in the encoding of the request (`{}` when every span was accepted)
     * @throws ApiError
     */
    public otlpExportTraces({
        requestBody,
        contentEncoding,
    }: {
        requestBody: OtlpExportTraceRequestDto,
        /**
         * `gzip` or absent
         */
        contentEncoding?: 'gzip' | 'identity',
    }): CancelablePromise<OtlpExportTraceResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/otel/v1/traces',
            headers: {
                'Content-Encoding': contentEncoding,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Undecodable body (not a protobuf or JSON ExportTraceServiceRequest, or broken gzip); nothing is stored. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                401: `Missing, invalid, expired or revoked credential
                For OTLP the API key may also come as \`x-api-key\`. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                402: `The request's new traces would pass the plan's monthly trace quota; nothing is stored. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                403: `Requires role member or stronger
                An API key or member below the member role. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                413: `Body larger than 5 MB after gzip decompression. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                415: `Content-Type other than application/x-protobuf or application/json (answered in JSON), or Content-Encoding other than gzip. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                429: `Rate limit exceeded (see Retry-After)
                The ingest bucket (INGEST_RATE_LIMIT_PER_MINUTE, shared with POST /api/v1/ingest). Body: google.rpc.Status in the request's encoding (not problem+json)`,
                503: `The database is unavailable (restarting, failing over); nothing is stored, retry with backoff (UNAVAILABLE). Body: google.rpc.Status in the request's encoding (not problem+json)`,
            },
        });
    }
    /**
     * Receive traces over OTLP/HTTP at the conventional path (same as /api/v1/otel/v1/traces)
     * OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and Collectors: point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as `Authorization: Bearer ao_sk_…` or `x-api-key`. Bodies are `application/x-protobuf` or `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. Spans are mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage, input, output; resource attributes under `resource.*`; the rest kept in attributes) and stored exactly like POST /api/v1/ingest (validation, PII masking, sampling, quota, trace.error alerts). Answers follow the OTLP spec, in the encoding of the request: ExportTraceServiceResponse with `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). Requests of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its spans (partialSuccess).
     * @returns OtlpExportTraceResponseDto ExportTraceServiceResponse, in the encoding of the request (`{}` when every span was accepted)
     * @throws ApiError
     */
    public otlpExportTracesAlias({
        requestBody,
        contentEncoding,
    }: {
        requestBody: OtlpExportTraceRequestDto,
        /**
         * `gzip` or absent
         */
        contentEncoding?: 'gzip' | 'identity',
    }): CancelablePromise<OtlpExportTraceResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/v1/traces',
            headers: {
                'Content-Encoding': contentEncoding,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Undecodable body (not a protobuf or JSON ExportTraceServiceRequest, or broken gzip); nothing is stored. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                401: `Missing, invalid, expired or revoked credential
                For OTLP the API key may also come as \`x-api-key\`. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                402: `The request's new traces would pass the plan's monthly trace quota; nothing is stored. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                403: `Requires role member or stronger
                An API key or member below the member role. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                413: `Body larger than 5 MB after gzip decompression. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                415: `Content-Type other than application/x-protobuf or application/json (answered in JSON), or Content-Encoding other than gzip. Body: google.rpc.Status in the request's encoding (not problem+json)`,
                429: `Rate limit exceeded (see Retry-After)
                The ingest bucket (INGEST_RATE_LIMIT_PER_MINUTE, shared with POST /api/v1/ingest). Body: google.rpc.Status in the request's encoding (not problem+json)`,
                503: `The database is unavailable (restarting, failing over); nothing is stored, retry with backoff (UNAVAILABLE). Body: google.rpc.Status in the request's encoding (not problem+json)`,
            },
        });
    }
}
