/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AcceptedInvitationDto } from '../models/AcceptedInvitationDto';
import type { AcceptInvitationDto } from '../models/AcceptInvitationDto';
import type { ChangeRoleDto } from '../models/ChangeRoleDto';
import type { InvitationDto } from '../models/InvitationDto';
import type { InvitationPage } from '../models/InvitationPage';
import type { InvitationPreviewDto } from '../models/InvitationPreviewDto';
import type { InvitationStatus } from '../models/InvitationStatus';
import type { InviteDto } from '../models/InviteDto';
import type { MemberDto } from '../models/MemberDto';
import type { MemberPage } from '../models/MemberPage';
import type { MemberStatus } from '../models/MemberStatus';
import type { Role } from '../models/Role';
import type { CancelablePromise } from '../core/CancelablePromise';
import type { BaseHttpRequest } from '../core/BaseHttpRequest';
export class TeamService {
    constructor(public readonly httpRequest: BaseHttpRequest) {}
    /**
     * What an invitation is for (accept page)
     * @returns InvitationPreviewDto
     * @throws ApiError
     */
    public getInvitation({
        token,
    }: {
        /**
         * The invitation token from the email link (43 URL-safe characters)
         */
        token: string,
    }): CancelablePromise<InvitationPreviewDto> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/invitations/{token}',
            path: {
                'token': token,
            },
            errors: {
                401: `A credential was sent but is invalid, expired or revoked (send none) (\`unauthenticated\`)`,
                404: `Unknown, cancelled or already used token`,
                410: `\`invitation_expired\``,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * List invitations, newest first (pending by default; `?status=expired` for expired ones)
     * @returns InvitationPage
     * @throws ApiError
     */
    public listInvitations({
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
        status?: InvitationStatus,
    }): CancelablePromise<InvitationPage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/team/invitations',
            query: {
                'limit': limit,
                'cursor': cursor,
                'status': status,
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
     * Cancel an invitation; its token stops working
     * @returns void
     * @throws ApiError
     */
    public cancelInvitation({
        id,
    }: {
        id: string,
    }): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'DELETE',
            url: '/api/v1/team/invitations/{id}',
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
     * Send the invitation again with a fresh token and expiry (the old token stops working)
     * @returns InvitationDto
     * @throws ApiError
     */
    public resendInvitation({
        id,
        idempotencyKey,
    }: {
        id: string,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<InvitationDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/invitations/{id}/resend',
            path: {
                'id': id,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                402: `An expired invitation needs a seat again and none is free`,
                403: `Requires role admin or stronger`,
                404: `No pending or expired invitation with this id`,
                409: `An expired invitation whose email became a member (\`already_member\`) or was invited again (\`invitation_pending\`); A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Accept an invitation: with a user access token (same email); without one, with { password } of the invited email's account, or { name, password } to create it
     * @returns AcceptedInvitationDto
     * @throws ApiError
     */
    public acceptInvitation({
        token,
        requestBody,
        idempotencyKey,
    }: {
        /**
         * The invitation token from the email link (43 URL-safe characters)
         */
        token: string,
        requestBody: AcceptInvitationDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<AcceptedInvitationDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/invitations/{token}/accept',
            path: {
                'token': token,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Without a credential: password, and for a new account name and a password of 12+ characters, are required; The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `A credential was sent but is invalid, or the password is not the registered account's`,
                403: `The signed-in user's email is not the invited one, or an API key was sent`,
                404: `Unknown, cancelled or already used token`,
                409: `\`already_member\`; \`conflict\`: the account was created meanwhile by another request; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                410: `\`invitation_expired\``,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Invite someone by email; the worker sends the email with the accept link
     * @returns InvitationDto
     * @throws ApiError
     */
    public inviteMember({
        requestBody,
        idempotencyKey,
    }: {
        requestBody: InviteDto,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<InvitationDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/invite',
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                402: `Seats full (active members + pending invitations)`,
                403: `Requires role admin or stronger`,
                409: `\`already_member\` or \`invitation_pending\`; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * List members (active by default), oldest first
     * @returns MemberPage
     * @throws ApiError
     */
    public listMembers({
        limit = 20,
        cursor,
        status,
        role,
    }: {
        /**
         * Page size (1..100)
         */
        limit?: number,
        /**
         * Opaque cursor from the previous page's nextCursor
         */
        cursor?: string,
        status?: MemberStatus,
        role?: Role,
    }): CancelablePromise<MemberPage> {
        return this.httpRequest.request({
            method: 'GET',
            url: '/api/v1/team/members',
            query: {
                'limit': limit,
                'cursor': cursor,
                'status': status,
                'role': role,
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
     * Remove a member (soft delete); their credentials stop working at once
     * @returns void
     * @throws ApiError
     */
    public removeMember({
        id,
    }: {
        id: string,
    }): CancelablePromise<void> {
        return this.httpRequest.request({
            method: 'DELETE',
            url: '/api/v1/team/members/{id}',
            path: {
                'id': id,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                404: `No active member with this id`,
                409: `\`last_owner\`: the last active owner cannot be removed`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Reactivate a removed member with their role; seats apply
     * @returns MemberDto
     * @throws ApiError
     */
    public reactivateMember({
        id,
        idempotencyKey,
    }: {
        id: string,
        /**
         * Makes a retry safe: the same credential, key and body within 24 h replays the first response (header Idempotent-Replayed: true)
         */
        idempotencyKey?: string,
    }): CancelablePromise<MemberDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/members/{id}/reactivate',
            path: {
                'id': id,
            },
            headers: {
                'Idempotency-Key': idempotencyKey,
            },
            errors: {
                400: `Idempotency-Key longer than 255 characters (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                402: `No free seat on the plan`,
                403: `Requires role admin or stronger`,
                409: `The member is already active; A request with this Idempotency-Key is still in flight (\`idempotency_key_in_use\`)`,
                422: `This Idempotency-Key was used with a different body (\`idempotency_key_reused\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
    /**
     * Change a member's role (not above your own; only an owner grants or takes away owner)
     * @returns MemberDto
     * @throws ApiError
     */
    public changeMemberRole({
        id,
        requestBody,
    }: {
        id: string,
        requestBody: ChangeRoleDto,
    }): CancelablePromise<MemberDto> {
        return this.httpRequest.request({
            method: 'PUT',
            url: '/api/v1/team/members/{id}/role',
            path: {
                'id': id,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `The body is not valid JSON or fails validation (\`validation_failed\`)`,
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                409: `\`last_owner\`: the last active owner cannot be demoted; \`conflict\`: the member was removed`,
                413: `The body is larger than this endpoint accepts (\`payload_too_large\`)`,
                415: `Content-Type other than application/json (\`unsupported_media_type\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
                503: `A dependency (the database) is unavailable; retry later (\`upstream_unavailable\`)`,
            },
        });
    }
}
