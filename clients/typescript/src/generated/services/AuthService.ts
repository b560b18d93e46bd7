/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AuthResponseDto } from '../models/AuthResponseDto';
import type { LoginDto } from '../models/LoginDto';
import type { MeDto } from '../models/MeDto';
import type { SignupDto } from '../models/SignupDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class AuthService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * Log in with email and password
     * @returns AuthResponseDto
     * @throws ApiError
     */
    public login({
        requestBody,
        idempotencyKey,
    }: {
        requestBody: LoginDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<AuthResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Wrong email or password`,
                403: `No active membership`,
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
     * Revoke the access token used for this request
     * @returns void
     * @throws ApiError
     */
    public logout({
        idempotencyKey,
    }: {
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/auth/logout',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                409: `A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * The caller: user or API key, workspace, role
     * @returns MeDto
     * @throws ApiError
     */
    public getMe(): CancelablePromise<MeDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/auth/me',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Create an account and a workspace owned by it
     * @returns AuthResponseDto
     * @throws ApiError
     */
    public signup({
        requestBody,
        idempotencyKey,
    }: {
        requestBody: SignupDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<AuthResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/auth/signup',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `A credential was sent but is invalid, expired or revoked (send none) (\`unauthenticated\`)`,
                409: `Email already registered; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
