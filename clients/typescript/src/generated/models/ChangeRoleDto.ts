/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
export type ChangeRoleDto = {
    /**
     * Not above your own; only an owner grants or takes away owner
     */
    role: Role;
};

