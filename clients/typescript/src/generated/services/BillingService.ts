/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { BillingConfigDto } from '../models/BillingConfigDto';
import type { ChangePlanDto } from '../models/ChangePlanDto';
import type { CheckoutDto } from '../models/CheckoutDto';
import type { CheckoutSessionDto } from '../models/CheckoutSessionDto';
import type { InvoicePage } from '../models/InvoicePage';
import type { PlanCatalogDto } from '../models/PlanCatalogDto';
import type { UsageDto } from '../models/UsageDto';
import type { WebhookAckDto } from '../models/WebhookAckDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class BillingService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * Start a Stripe Checkout Session to subscribe to a paid plan
     * @returns CheckoutSessionDto
     * @throws ApiError
     */
    public createCheckoutSession({
        requestBody,
        idempotencyKey,
    }: {
        requestBody: CheckoutDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<CheckoutSessionDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/billing/checkout',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role owner or stronger`,
                409: `Already subscribed: change the plan instead (\`conflict\`); A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                502: `Stripe refused the request (\`upstream_unavailable\`)`,
                503: `Stripe not configured on this server, or unreachable (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Plan, subscription status, period and the limits in force
     * @returns BillingConfigDto
     * @throws ApiError
     */
    public getBillingConfig(): CancelablePromise<BillingConfigDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/billing/config',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Invoices, newest first (our copy, kept in step by Stripe webhooks)
     * @returns InvoicePage
     * @throws ApiError
     */
    public listInvoices({
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
    }): CancelablePromise<InvoicePage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/billing/invoices',
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
     * Change the plan
     * To a paid plan: changes the Stripe subscription's price at once, prorated (409 `checkout_required` without a subscription). To `free`: the subscription cancels at the end of the period. A downgrade below current usage is allowed; it only blocks new additions until usage is back under the limits.
     * @returns BillingConfigDto
     * @throws ApiError
     */
    public changePlan({
        requestBody,
    }: {
        requestBody: ChangePlanDto,
    }): CancelablePromise<BillingConfigDto> {
        return this.httpRequest.request({
            method: 'PUT',
            url: '/api/v1/billing/plan',
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role owner (checked after body validation), or the enterprise plan was asked for (sales only)`,
                409: `No subscription yet: use checkout (\`checkout_required\`); or another plan change is in progress (\`conflict\`, Retry-After)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                502: `Stripe refused the request (\`upstream_unavailable\`)`,
                503: `Stripe not configured on this server, or unreachable (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * The plan catalogue: every plan with its default limits and list prices
     * The one catalogue (the web app reads it rather than keeping a copy). The limits in force for this workspace, contract overrides and subscription status applied, are in GET /billing/config.
     * @returns PlanCatalogDto
     * @throws ApiError
     */
    public listPlans(): CancelablePromise<PlanCatalogDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/billing/plans',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Usage this month against the plan's limits, with a daily trace series
     * @returns UsageDto
     * @throws ApiError
     */
    public getBillingUsage(): CancelablePromise<UsageDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/billing/usage',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Stripe webhook endpoint (called by Stripe, not by clients)
     * Verifies `Stripe-Signature` over the raw body with STRIPE_WEBHOOK_SECRET. Each event id is applied once; out-of-order subscription events never roll state back; unknown event types are acknowledged and ignored.
     * @returns WebhookAckDto
     * @throws ApiError
     */
    public receiveStripeWebhook({
        stripeSignature,
        requestBody,
        idempotencyKey,
    }: {
        /**
         * Stripe's signature header: t=<timestamp>,v1=<hmac>
         */
        stripeSignature: string,
        /**
         * A Stripe event object
         */
        requestBody: Record<string, any>,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<WebhookAckDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/billing/webhooks',
            headers: {
                'Stripe-Signature': stripeSignature,
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Missing or invalid signature; The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `A credential was sent but is invalid, expired or revoked (send none) (\`unauthenticated\`)`,
                409: `A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                503: `No STRIPE_WEBHOOK_SECRET configured (\`upstream_unavailable\`)`,
            },
        });
    }
}
