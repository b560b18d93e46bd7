/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { MemberStatus } from './MemberStatus';
import type { Role } from './Role';
export type MemberDto = {
    email: string;
    /**
     * Membership id (used in /team/members/:id paths)
     */
    id: string;
    joinedAt: string;
    lastActiveAt: string | null;
    name: string;
    removedAt: string | null;
    role: Role;
    status: MemberStatus;
    userId: string;
};

