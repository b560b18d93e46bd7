/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
export type CreateApiKeyDto = {
    name: string;
    /**
     * May not exceed the creator's role
     */
    role?: Role;
};

