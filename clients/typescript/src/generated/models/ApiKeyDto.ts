/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyCreatorDto } from './ApiKeyCreatorDto';
import type { Role } from './Role';
export type ApiKeyDto = {
    createdAt: string;
    /**
     * The user the key acts for: who created it, or for a key created with an API key, that key's user (null if unknown). Their removal revokes the key; their demotion caps its role.
     */
    createdBy: ApiKeyCreatorDto | null;
    id: string;
    lastUsedAt: string | null;
    name: string;
    /**
     * First characters of the key, for recognising it
     */
    prefix: string;
    role: Role;
};

