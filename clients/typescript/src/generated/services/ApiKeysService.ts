/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyPage } from '../models/ApiKeyPage';
import type { CreateApiKeyDto } from '../models/CreateApiKeyDto';
import type { CreatedApiKeyDto } from '../models/CreatedApiKeyDto';
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
    }: {
        requestBody: CreateApiKeyDto,
    }): CancelablePromise<CreatedApiKeyDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/api-keys',
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
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
            },
        });
    }
}
