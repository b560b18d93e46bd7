/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type TestIntegrationResultDto = {
    /**
     * Short reason; present whenever ok is false
     */
    error?: string;
    /**
     * Time until the answer (or the failure), in milliseconds
     */
    latencyMs: number;
    /**
     * The provider accepted the test event
     */
    ok: boolean;
    /**
     * HTTP status of the provider's answer, when there was one
     */
    statusCode?: number;
};

