/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { MemberDto } from './MemberDto';
import type { WorkspaceDto } from './WorkspaceDto';
export type AcceptedInvitationDto = {
    /**
     * Bearer access token for the invited workspace
     */
    accessToken: string;
    /**
     * Seconds until the access token expires
     */
    expiresIn: number;
    member: MemberDto;
    workspace: WorkspaceDto;
};

