/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IntegrationHealthStatus } from './IntegrationHealthStatus';
export type IntegrationHealthDto = {
    /**
     * Failed checks in a row; 5 disable the integration
     */
    consecutiveFailures: number;
    lastCheckedAt: string | null;
    lastError: string | null;
    lastSuccessAt: string | null;
    status: IntegrationHealthStatus;
};

