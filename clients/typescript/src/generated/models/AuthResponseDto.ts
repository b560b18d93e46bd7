/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
import type { UserDto } from './UserDto';
import type { WorkspaceDto } from './WorkspaceDto';
export type AuthResponseDto = {
    /**
     * Bearer access token
     */
    accessToken: string;
    /**
     * Seconds until the access token expires
     */
    expiresIn: number;
    role: Role;
    user: UserDto;
    workspace: WorkspaceDto;
};

