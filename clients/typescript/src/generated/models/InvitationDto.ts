/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { InvitationEmailStatus } from './InvitationEmailStatus';
import type { InvitationInviterDto } from './InvitationInviterDto';
import type { InvitationStatus } from './InvitationStatus';
import type { Role } from './Role';
export type InvitationDto = {
    createdAt: string;
    email: string;
    emailSentAt: string | null;
    /**
     * Delivery of the invitation email: pending (queued or retrying), sent (accepted by the SMTP server), failed (gave up)
     */
    emailStatus: InvitationEmailStatus;
    expiresAt: string;
    id: string;
    invitedBy: InvitationInviterDto;
    role: Role;
    /**
     * A pending invitation past expiresAt shows as expired
     */
    status: InvitationStatus;
};

