/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type IngestErrorEntryDto = {
    at: string;
    /**
     * The error code answered (for per-span refusals, the first span error code)
     */
    code: string;
    /**
     * Prefix of the API key used (null for a user token)
     */
    keyPrefix: string | null;
    message: string;
    source: 'ingest' | 'otlp';
};

