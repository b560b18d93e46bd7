/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IngestHealthDto } from '../models/IngestHealthDto';
import type { IngestRequestDto } from '../models/IngestRequestDto';
import type { IngestResponseDto } from '../models/IngestResponseDto';
import type { SpanKind } from '../models/SpanKind';
import type { SpanStatus } from '../models/SpanStatus';
import type { TraceDto } from '../models/TraceDto';
import type { TracePage } from '../models/TracePage';
import type { TraceStatsBucketSize } from '../models/TraceStatsBucketSize';
import type { TraceStatsDto } from '../models/TraceStatsDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class TracesService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * Send a batch of spans (what the SDKs call)
     * Up to 1000 spans and 5 MB (after gzip decompression; send `Content-Encoding: gzip` to compress). Each span is validated on its own: invalid ones are listed in `errors` (by index) and the valid ones stored. A span sent again (same traceId + spanId) replaces the stored one. New traces count toward the monthly trace quota; if the batch's new traces would pass it the whole batch is refused with 402 and nothing is stored. Rate-limited per credential by INGEST_RATE_LIMIT_PER_MINUTE.
     * @returns IngestResponseDto
     * @throws ApiError
     */
    public ingestSpans({
        requestBody,
        contentEncoding,
        idempotencyKey,
    }: {
        requestBody: IngestRequestDto,
        /**
         * `gzip` or absent
         */
        contentEncoding?: 'gzip' | 'identity',
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<IngestResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/ingest',
            headers: {
                'Content-Encoding': contentEncoding,
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Not a JSON object { spans }, more than 1000 spans, or not valid gzip; The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                402: `The batch's new traces would pass the plan's monthly trace quota`,
                403: `Requires role member or stronger`,
                409: `A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `Body larger than 5 MB after decompression; The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Not application/json, or an encoding other than gzip; Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * What happened to this workspace's telemetry
     * For `?from=&to=` (default the last 24 h; hour granularity, at most 366 days), over POST /api/v1/ingest and the OTLP routes: spans accepted and sampled out, refusals by reason (`validation` counts spans, the others requests), per UTC day, and the 20 most recent refusals with the API key prefix used. A request made with an expired, rotated-out or revoked key of this workspace counts here. Counts are written by every API process within about a second.
     * @returns IngestHealthDto
     * @throws ApiError
     */
    public getIngestHealth({
        from,
        to,
    }: {
        /**
         * Start of the window (default: `to` − 24 h); hour granularity
         */
        from?: string,
        /**
         * End of the window, exclusive (default: now)
         */
        to?: string,
    }): CancelablePromise<IngestHealthDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/ingest/health',
            query: {
                'from': from,
                'to': to,
            },
            errors: {
                400: `from/to not ISO-8601, from not before to, or a window over 366 days`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Traces, newest first
     * Filters, combined: `status`, start time (`from` inclusive, `to` exclusive), `name` (substring of the root span's name, case-insensitive), `kind` (the root span's), `model` (used by any span), `minDurationMs`, `minCostUsd`. Keep the same filters when following `nextCursor`. A bad filter value → 400 `validation_failed`.
     * @returns TracePage
     * @throws ApiError
     */
    public listTraces({
        limit = 20,
        cursor,
        status,
        from,
        to,
        name,
        kind,
        model,
        minDurationMs,
        minCostUsd,
    }: {
        /**
         * Page size (1..100)
         */
        limit?: number,
        /**
         * Opaque cursor from the previous page's nextCursor
         */
        cursor?: string,
        status?: SpanStatus,
        /**
         * Traces that started at or after this instant
         */
        from?: string,
        /**
         * Traces that started before this instant
         */
        to?: string,
        /**
         * Substring of the root span's name, case-insensitive (empty: no filter)
         */
        name?: string,
        /**
         * The root span's kind
         */
        kind?: SpanKind,
        /**
         * A model used by any span of the trace (exact)
         */
        model?: string,
        /**
         * Traces that ended and lasted at least this many milliseconds (a fraction allowed)
         */
        minDurationMs?: number,
        /**
         * Traces whose total cost is known and at least this many US dollars
         */
        minCostUsd?: number,
    }): CancelablePromise<TracePage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/traces',
            query: {
                'limit': limit,
                'cursor': cursor,
                'status': status,
                'from': from,
                'to': to,
                'name': name,
                'kind': kind,
                'model': model,
                'minDurationMs': minDurationMs,
                'minCostUsd': minCostUsd,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Traces over time: counts, errors, duration percentiles, tokens and cost per bucket
     * Traces by start time in [`from`, `to`) (default the last 24 hours; at most 31 days), in buckets of `bucket` (default the smallest of minute, hour, day giving at most 200 buckets; at most 1440 buckets). The list's filters apply. A bad value, a range over 31 days or too many buckets → 400 `validation_failed`.
     * @returns TraceStatsDto
     * @throws ApiError
     */
    public getTraceStats({
        status,
        from,
        to,
        name,
        kind,
        model,
        minDurationMs,
        minCostUsd,
        bucket,
    }: {
        status?: SpanStatus,
        /**
         * Traces that started at or after this instant
         */
        from?: string,
        /**
         * Traces that started before this instant
         */
        to?: string,
        /**
         * Substring of the root span's name, case-insensitive (empty: no filter)
         */
        name?: string,
        /**
         * The root span's kind
         */
        kind?: SpanKind,
        /**
         * A model used by any span of the trace (exact)
         */
        model?: string,
        /**
         * Traces that ended and lasted at least this many milliseconds (a fraction allowed)
         */
        minDurationMs?: number,
        /**
         * Traces whose total cost is known and at least this many US dollars
         */
        minCostUsd?: number,
        /**
         * Bucket width (buckets aligned on UTC). Default: the smallest of minute, hour, day that covers the range in at most 200 buckets. More than 1440 buckets → 400.
         */
        bucket?: TraceStatsBucketSize,
    }): CancelablePromise<TraceStatsDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/traces/stats',
            query: {
                'status': status,
                'from': from,
                'to': to,
                'name': name,
                'kind': kind,
                'model': model,
                'minDurationMs': minDurationMs,
                'minCostUsd': minCostUsd,
                'bucket': bucket,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * One trace with its spans in start order
     * @returns TraceDto
     * @throws ApiError
     */
    public getTrace({
        traceId,
    }: {
        /**
         * 32 hex characters
         */
        traceId: string,
    }): CancelablePromise<TraceDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/traces/{traceId}',
            path: {
                'traceId': traceId,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                404: `No such trace in this workspace`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
