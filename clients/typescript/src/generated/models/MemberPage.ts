/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { MemberDto } from './MemberDto';
export type MemberPage = {
    data: Array<MemberDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

