/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyCreatorDto } from './ApiKeyCreatorDto';
import type { ApiKeyScope } from './ApiKeyScope';
import type { Role } from './Role';
export type ApiKeyDto = {
    createdAt: string;
    /**
     * The user the key acts for: who created it, or for a key created with an API key, that key's user (null if unknown). Their removal revokes the key; their demotion caps its role.
     */
    createdBy: ApiKeyCreatorDto | null;
    /**
     * After this time the key answers 401 (null: never)
     */
    expiresAt: string | null;
    /**
     * Set when the key was rotated: it keeps working until then, then answers 401 (null: not rotated)
     */
    graceEndsAt: string | null;
    id: string;
    /**
     * Last request made with the key (updated within seconds)
     */
    lastUsedAt: string | null;
    name: string;
    /**
     * First characters of the key, for recognising it
     */
    prefix: string;
    role: Role;
    /**
     * `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP routes (anything else → 403), role `member`
     */
    scope: ApiKeyScope;
};

