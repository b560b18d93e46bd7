/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { DatadogConfigDto } from './DatadogConfigDto';
import type { DatadogCredentialsDto } from './DatadogCredentialsDto';
export type PutDatadogIntegrationDto = {
    config: DatadogConfigDto;
    /**
     * Required the first time. Omit to keep the stored credentials.
     */
    credentials?: DatadogCredentialsDto;
    /**
     * Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.
     */
    enabled?: boolean;
    name?: string;
};

