/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyPage } from '../models/ApiKeyPage';
import type { CreateApiKeyDto } from '../models/CreateApiKeyDto';
import type { CreatedApiKeyDto } from '../models/CreatedApiKeyDto';
import type { RotateApiKeyDto } from '../models/RotateApiKeyDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class ApiKeysService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * List active API keys (never the secret)
     * @returns ApiKeyPage
     * @throws ApiError
     */
    public listApiKeys({
        limit = 20,
        cursor,
    }: {
        /**
         * Page size (1..100)
         */
        limit?: number,
        /**
         * Opaque cursor from the previous page's nextCursor
         */
        cursor?: string,
    }): CancelablePromise<ApiKeyPage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/api-keys',
            query: {
                'limit': limit,
                'cursor': cursor,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Create an API key; the secret is shown once
     * @returns CreatedApiKeyDto
     * @throws ApiError
     */
    public createApiKey({
        requestBody,
        idempotencyKey,
    }: {
        requestBody: CreateApiKeyDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<CreatedApiKeyDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/api-keys',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Invalid fields, expiresAt not in the future, or an ingest key with a role other than member; The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                409: `A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Revoke an API key; it stops working at once
     * @returns void
     * @throws ApiError
     */
    public revokeApiKey({
        id,
    }: {
        id: string,
    }): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'DELETE',
            url: '/api/v1/api-keys/{id}',
            path: {
                'id': id,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Replace a key by a new one; the old one keeps working for a grace period
     * The new key has the old one's name, role, scope and expiry; its secret is shown once. The old key keeps working until its `graceEndsAt` (now + `gracePeriodSeconds`, default 3600, 0 stops it at once), then answers 401. Audit `api_key.rotated`.
     * @returns CreatedApiKeyDto
     * @throws ApiError
     */
    public rotateApiKey({
        id,
        requestBody,
        idempotencyKey,
    }: {
        id: string,
        requestBody: RotateApiKeyDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<CreatedApiKeyDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/api-keys/{id}/rotate',
            path: {
                'id': id,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Bad id or gracePeriodSeconds outside 0..86400; The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                404: `No such key (or revoked)`,
                409: `The key was already rotated, or has expired; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
