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
                404: `Unknown, cancelled or already used token`,
                410: `\`invitation_expired\``,
                429: `Rate limit exceeded (see Retry-After)`,
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
    }: {
        id: string,
    }): CancelablePromise<InvitationDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/invitations/{id}/resend',
            path: {
                'id': id,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                402: `An expired invitation needs a seat again and none is free`,
                403: `Requires role admin or stronger`,
                404: `No pending or expired invitation with this id`,
                409: `An expired invitation whose email became a member (\`already_member\`) or was invited again (\`invitation_pending\`)`,
                429: `Rate limit exceeded (see Retry-After)`,
            },
        });
    }
    /**
     * Accept an invitation: with a user access token (same email), or without one and with { name, password } to create the account
     * @returns AcceptedInvitationDto
     * @throws ApiError
     */
    public acceptInvitation({
        token,
        requestBody,
    }: {
        /**
         * The invitation token from the email link (43 URL-safe characters)
         */
        token: string,
        requestBody: AcceptInvitationDto,
    }): CancelablePromise<AcceptedInvitationDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/invitations/{token}/accept',
            path: {
                'token': token,
            },
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                400: `Without a credential: name and password are required`,
                401: `A credential was sent but is invalid`,
                403: `The signed-in user's email is not the invited one, or an API key was sent`,
                404: `Unknown, cancelled or already used token`,
                409: `\`conflict\`: the email already has an account (log in and accept); \`already_member\``,
                410: `\`invitation_expired\``,
                429: `Rate limit exceeded (see Retry-After)`,
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
    }: {
        requestBody: InviteDto,
    }): CancelablePromise<InvitationDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/invite',
            body: requestBody,
            mediaType: 'application/json',
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                402: `Seats full (active members + pending invitations)`,
                403: `Requires role admin or stronger`,
                409: `\`already_member\` or \`invitation_pending\``,
                429: `Rate limit exceeded (see Retry-After)`,
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
    }: {
        id: string,
    }): CancelablePromise<MemberDto> {
        return this.httpRequest.request({
            method: 'POST',
            url: '/api/v1/team/members/{id}/reactivate',
            path: {
                'id': id,
            },
            errors: {
                401: `Missing, invalid, expired or revoked credential`,
                402: `No free seat on the plan`,
                403: `Requires role admin or stronger`,
                409: `The member is already active`,
                429: `Rate limit exceeded (see Retry-After)`,
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
                401: `Missing, invalid, expired or revoked credential`,
                403: `Requires role admin or stronger`,
                409: `\`last_owner\`: the last active owner cannot be demoted; \`conflict\`: the member was removed`,
                429: `Rate limit exceeded (see Retry-After)`,
            },
        });
    }
}
