/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { TraceSummaryDto } from './TraceSummaryDto';
export type TracePage = {
    data: Array<TraceSummaryDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

