/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type IngestRejectedDto = {
    /**
     * Requests made with an expired, rotated-out or revoked API key of this workspace (401)
     */
    expiredOrRevokedKey: number;
    /**
     * Requests refused by the monthly trace quota (402)
     */
    quota: number;
    /**
     * Requests refused by the ingest rate limit (429)
     */
    rateLimited: number;
    /**
     * Requests larger than 5 MB (413)
     */
    tooLarge: number;
    /**
     * Spans refused by validation (per-span errors, and the spans of a batch refused whole with 400)
     */
    validation: number;
};

