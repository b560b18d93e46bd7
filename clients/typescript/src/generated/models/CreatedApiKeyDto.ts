/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
export type CreatedApiKeyDto = {
    createdAt: string;
    id: string;
    /**
     * The secret. Shown only in this response: store it now.
     */
    key: string;
    name: string;
    prefix: string;
    role: Role;
};

