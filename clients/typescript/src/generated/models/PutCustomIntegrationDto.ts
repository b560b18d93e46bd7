/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { CustomConfigDto } from './CustomConfigDto';
import type { CustomCredentialsDto } from './CustomCredentialsDto';
export type PutCustomIntegrationDto = {
    config: CustomConfigDto;
    /**
     * Omit to keep the stored credentials.
     */
    credentials?: CustomCredentialsDto;
    /**
     * Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.
     */
    enabled?: boolean;
    name?: string;
};

