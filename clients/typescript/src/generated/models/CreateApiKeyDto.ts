/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyScope } from './ApiKeyScope';
import type { Role } from './Role';
export type CreateApiKeyDto = {
    /**
     * A future ISO-8601 time; absent: never expires
     */
    expiresAt?: string;
    name: string;
    /**
     * May not exceed the creator's role
     */
    role?: Role;
    /**
     * `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP routes (anything else → 403), role `member`
     */
    scope?: ApiKeyScope;
};

