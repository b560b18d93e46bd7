/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IncidentDto } from './IncidentDto';
export type IncidentPage = {
    data: Array<IncidentDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

