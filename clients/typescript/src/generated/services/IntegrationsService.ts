/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { CustomIntegrationDto } from '../models/CustomIntegrationDto';
import type { DatadogIntegrationDto } from '../models/DatadogIntegrationDto';
import type { IntegrationDeliveryPage } from '../models/IntegrationDeliveryPage';
import type { IntegrationDeliveryStatus } from '../models/IntegrationDeliveryStatus';
import type { IntegrationListDto } from '../models/IntegrationListDto';
import type { IntegrationType } from '../models/IntegrationType';
import type { PagerDutyIntegrationDto } from '../models/PagerDutyIntegrationDto';
import type { PutCustomIntegrationDto } from '../models/PutCustomIntegrationDto';
import type { PutDatadogIntegrationDto } from '../models/PutDatadogIntegrationDto';
import type { PutPagerDutyIntegrationDto } from '../models/PutPagerDutyIntegrationDto';
import type { PutSentryIntegrationDto } from '../models/PutSentryIntegrationDto';
import type { PutSlackIntegrationDto } from '../models/PutSlackIntegrationDto';
import type { PutWebhookIntegrationDto } from '../models/PutWebhookIntegrationDto';
import type { SentryIntegrationDto } from '../models/SentryIntegrationDto';
import type { SlackIntegrationDto } from '../models/SlackIntegrationDto';
import type { TestIntegrationResultDto } from '../models/TestIntegrationResultDto';
import type { WebhookIntegrationDto } from '../models/WebhookIntegrationDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class IntegrationsService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * All six integration types, configured or not (credentials masked)
     * @returns IntegrationListDto
     * @throws ApiError
     */
    public listIntegrations(): CancelablePromise<IntegrationListDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/integrations',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Disable an integration (config kept); ?purge=true erases config and credentials
     * @returns void
     * @throws ApiError
     */
    public deleteIntegration({
        type,
        purge = false,
    }: {
        type: IntegrationType,
        /**
         * Also erase config and credentials (back to not configured)
         */
        purge?: boolean,
    }): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'DELETE',
            url: '/api/v1/integrations/{type}',
            path: {
                'type': type,
            },
            query: {
                'purge': purge,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                404: `Unknown type`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * One integration (credentials masked)
     * @returns any
     * @throws ApiError
     */
    public getIntegration({
        type,
    }: {
        type: IntegrationType,
    }): CancelablePromise<(SlackIntegrationDto | PagerDutyIntegrationDto | WebhookIntegrationDto | SentryIntegrationDto | DatadogIntegrationDto | CustomIntegrationDto)> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/integrations/{type}',
            path: {
                'type': type,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                404: `Unknown type`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Configure an integration
     * The body is the schema of the path's type (PutSlackIntegrationDto, PutPagerDutyIntegrationDto, …). Omitted credentials keep the stored ones. A webhook without a signing secret gets a generated one, returned once as `signingSecret`.
     * @returns any
     * @throws ApiError
     */
    public putIntegration({
        type,
        requestBody,
    }: {
        type: IntegrationType,
        requestBody: (PutSlackIntegrationDto | PutPagerDutyIntegrationDto | PutWebhookIntegrationDto | PutSentryIntegrationDto | PutDatadogIntegrationDto | PutCustomIntegrationDto),
    }): CancelablePromise<(SlackIntegrationDto | PagerDutyIntegrationDto | WebhookIntegrationDto | SentryIntegrationDto | DatadogIntegrationDto | CustomIntegrationDto)> {
        return this.httpRequest.request({
            method: 'PUT',
            url: '/api/v1/integrations/{type}',
            path: {
                'type': type,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Invalid for this type; \`errors\` names the fields; The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                402: `Enabling it would pass the plan's integrations limit`,
                403: `Requires role admin or stronger`,
                404: `Unknown type`,
                409: `Stored credentials unreadable: send them again`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Delivery log of an integration, newest first
     * @returns IntegrationDeliveryPage
     * @throws ApiError
     */
    public listIntegrationDeliveries({
        type,
        limit = 20,
        cursor,
        status,
    }: {
        type: IntegrationType,
        /**
         * Page size (1..100)
         */
        limit?: number,
        /**
         * Opaque cursor from the previous page's nextCursor
         */
        cursor?: string,
        /**
         * Only deliveries in this status
         */
        status?: IntegrationDeliveryStatus,
    }): CancelablePromise<IntegrationDeliveryPage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/integrations/{type}/deliveries',
            path: {
                'type': type,
            },
            query: {
                'limit': limit,
                'cursor': cursor,
                'status': status,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                404: `Unknown type`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Enable a configured integration (health reset if it was auto-disabled)
     * @returns any
     * @throws ApiError
     */
    public enableIntegration({
        type,
        idempotencyKey,
    }: {
        type: IntegrationType,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<(SlackIntegrationDto | PagerDutyIntegrationDto | WebhookIntegrationDto | SentryIntegrationDto | DatadogIntegrationDto | CustomIntegrationDto)> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/integrations/{type}/enable',
            path: {
                'type': type,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                402: `Beyond the plan's integrations limit`,
                403: `Requires role admin or stronger`,
                404: `Unknown type`,
                409: `Not configured; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Send a real integration.test event now (10 s timeout)
     * An upstream failure is `ok: false` with 200. The outcome is recorded in `health` and in the delivery log.
     * @returns TestIntegrationResultDto
     * @throws ApiError
     */
    public testIntegration({
        type,
        idempotencyKey,
    }: {
        type: IntegrationType,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<TestIntegrationResultDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/integrations/{type}/test',
            path: {
                'type': type,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                404: `Unknown type`,
                409: `Not configured; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
