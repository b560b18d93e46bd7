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
    }: {
        requestBody: LoginDto,
    }): CancelablePromise<AuthResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/auth/login',
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                401: `Wrong email or password`,
                403: `No active membership`,
                429: `Rate limit exceeded (see Retry-After)`,
            },
        });
    }
    /**
     * Revoke the access token used for this request
     * @returns void
     * @throws ApiError
     */
    public logout(): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/auth/logout',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
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
    }: {
        requestBody: SignupDto,
    }): CancelablePromise<AuthResponseDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/auth/signup',
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                409: `Email already registered`,
                429: `Rate limit exceeded (see Retry-After)`,
            },
        });
    }
}
