/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyScope } from './ApiKeyScope';
import type { Role } from './Role';
export type CreatedApiKeyDto = {
    createdAt: string;
    /**
     * After this time the key answers 401 (null: never)
     */
    expiresAt: string | null;
    id: string;
    /**
     * The secret. Shown only in this response: store it now.
     */
    key: string;
    name: string;
    prefix: string;
    role: Role;
    /**
     * `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP routes (anything else → 403), role `member`
     */
    scope: ApiKeyScope;
};

