/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
export type MeWorkspaceDto = {
    id: string;
    name: string;
    role: Role;
};

