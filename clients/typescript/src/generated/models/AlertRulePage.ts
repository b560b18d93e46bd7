/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AlertRuleDto } from './AlertRuleDto';
export type AlertRulePage = {
    data: Array<AlertRuleDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

