/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AuditLogDto } from './AuditLogDto';
export type AuditLogPage = {
    data: Array<AuditLogDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

