/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
export type MeApiKeyDto = {
    id: string;
    name: string;
    prefix: string;
    role: Role;
};

