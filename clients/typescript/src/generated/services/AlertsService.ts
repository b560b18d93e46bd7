/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AlertRuleDto } from '../models/AlertRuleDto';
import type { AlertRulePage } from '../models/AlertRulePage';
import type { CreateAlertRuleDto } from '../models/CreateAlertRuleDto';
import type { EvaluationResultDto } from '../models/EvaluationResultDto';
import type { IncidentDto } from '../models/IncidentDto';
import type { IncidentPage } from '../models/IncidentPage';
import type { IncidentStatus } from '../models/IncidentStatus';
import type { UpdateAlertRuleDto } from '../models/UpdateAlertRuleDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class AlertsService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * List alert rules, newest first
     * @returns AlertRulePage
     * @throws ApiError
     */
    public listAlertRules({
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
    }): CancelablePromise<AlertRulePage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/alert-rules',
            query: {
                'limit': limit,
                'cursor': cursor,
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
     * Create an alert rule
     * @returns AlertRuleDto
     * @throws ApiError
     */
    public createAlertRule({
        requestBody,
        idempotencyKey,
    }: {
        requestBody: CreateAlertRuleDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<AlertRuleDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/alert-rules',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Invalid body, or an integration that is not configured; The body is not valid JSON or fails validation (\`validation_failed\`)`,
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
     * Delete an alert rule; its open or acknowledged incident is resolved
     * @returns void
     * @throws ApiError
     */
    public deleteAlertRule({
        id,
    }: {
        id: string,
    }): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'DELETE',
            url: '/api/v1/alert-rules/{id}',
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
     * Change an alert rule (fields given are replaced)
     * @returns AlertRuleDto
     * @throws ApiError
     */
    public updateAlertRule({
        id,
        requestBody,
    }: {
        id: string,
        requestBody: UpdateAlertRuleDto,
    }): CancelablePromise<AlertRuleDto> {
        return this.httpRequest.request({
            method: 'PATCH',
            url: '/api/v1/alert-rules/{id}',
            path: {
                'id': id,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Evaluate a rule now, with the effects of the scheduled evaluation (an incident may open or resolve)
     * @returns EvaluationResultDto
     * @throws ApiError
     */
    public evaluateAlertRule({
        id,
        idempotencyKey,
    }: {
        id: string,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<EvaluationResultDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/alert-rules/{id}/evaluate',
            path: {
                'id': id,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                409: `A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `The trace store could not be read; A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * List incidents, newest first
     * @returns IncidentPage
     * @throws ApiError
     */
    public listIncidents({
        limit = 20,
        cursor,
        status,
    }: {
        /**
         * Page size (1..100)
         */
        limit?: number,
        /**
         * Opaque cursor from the previous page's nextCursor
         */
        cursor?: string,
        /**
         * Only incidents in this status
         */
        status?: IncidentStatus,
    }): CancelablePromise<IncidentPage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/incidents',
            query: {
                'limit': limit,
                'cursor': cursor,
                'status': status,
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
     * Acknowledge an open incident (reminders stop)
     * @returns IncidentDto
     * @throws ApiError
     */
    public acknowledgeIncident({
        id,
        idempotencyKey,
    }: {
        id: string,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<IncidentDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/incidents/{id}/acknowledge',
            path: {
                'id': id,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role member or stronger`,
                409: `The incident is not open; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Resolve an open or acknowledged incident
     * @returns IncidentDto
     * @throws ApiError
     */
    public resolveIncident({
        id,
        idempotencyKey,
    }: {
        id: string,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<IncidentDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/incidents/{id}/resolve',
            path: {
                'id': id,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role member or stronger`,
                409: `The incident is already resolved; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
