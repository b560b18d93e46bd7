/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { UpdateWorkspaceDto } from '../models/UpdateWorkspaceDto';
import type { WorkspaceDto } from '../models/WorkspaceDto';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class WorkspaceService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * The caller's workspace
     * @returns WorkspaceDto
     * @throws ApiError
     */
    public getWorkspace(): CancelablePromise<WorkspaceDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/workspace',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role viewer or stronger`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Update name, slug, timezone or settings (partial)
     * @returns WorkspaceDto
     * @throws ApiError
     */
    public updateWorkspace({
        requestBody,
    }: {
        requestBody: UpdateWorkspaceDto,
    }): CancelablePromise<WorkspaceDto> {
        return this.httpRequest.request({
            method: 'PUT',
            url: '/api/v1/workspace',
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                409: `Slug taken`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
