/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ApiKeyDto } from './ApiKeyDto';
export type ApiKeyPage = {
    data: Array<ApiKeyDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

