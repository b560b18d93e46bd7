/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AuditLogPage } from '../models/AuditLogPage';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class AuditService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * List audit log entries, newest first
     * @returns AuditLogPage
     * @throws ApiError
     */
    public listAuditLogs({
        limit = 20,
        cursor,
        action,
        actorId,
    }: {
        /**
         * Page size (1..100)
         */
        limit?: number,
        /**
         * Opaque cursor from the previous page's nextCursor
         */
        cursor?: string,
        action?: string,
        /**
         * user or API key id
         */
        actorId?: string,
    }): CancelablePromise<AuditLogPage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/audit-logs',
            query: {
                'limit': limit,
                'cursor': cursor,
                'action': action,
                'actorId': actorId,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
