/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { Role } from './Role';
export type InviteDto = {
    email: string;
    /**
     * Only an owner may invite an owner
     */
    role: Role;
};

