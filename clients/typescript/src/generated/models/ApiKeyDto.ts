/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyCreatorDto } from './ApiKeyCreatorDto';
import type { Role } from './Role';
export type ApiKeyDto = {
    createdAt: string;
    /**
     * The user who created it (null when created with an API key)
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

