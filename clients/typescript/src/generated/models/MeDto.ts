/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { MeApiKeyDto } from './MeApiKeyDto';
import type { MeWorkspaceDto } from './MeWorkspaceDto';
import type { Role } from './Role';
import type { UserDto } from './UserDto';
import type { WorkspaceDto } from './WorkspaceDto';
export type MeDto = {
    apiKey: MeApiKeyDto | null;
    role: Role;
    user: UserDto | null;
    workspace: WorkspaceDto;
    /**
     * Every workspace the user is an active member of (for an API key: its own)
     */
    workspaces: Array<MeWorkspaceDto>;
};

