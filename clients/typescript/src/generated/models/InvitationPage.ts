/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { InvitationDto } from './InvitationDto';
export type InvitationPage = {
    data: Array<InvitationDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

