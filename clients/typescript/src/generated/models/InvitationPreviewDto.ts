/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { InvitationPreviewInviterDto } from './InvitationPreviewInviterDto';
import type { InvitationPreviewWorkspaceDto } from './InvitationPreviewWorkspaceDto';
import type { Role } from './Role';
export type InvitationPreviewDto = {
    email: string;
    expiresAt: string;
    invitedBy: InvitationPreviewInviterDto;
    role: Role;
    workspace: InvitationPreviewWorkspaceDto;
};

