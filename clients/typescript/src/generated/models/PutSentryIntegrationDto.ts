/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SentryConfigDto } from './SentryConfigDto';
import type { SentryCredentialsDto } from './SentryCredentialsDto';
export type PutSentryIntegrationDto = {
    config: SentryConfigDto;
    /**
     * Required the first time. Omit to keep the stored credentials.
     */
    credentials?: SentryCredentialsDto;
    /**
     * Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.
     */
    enabled?: boolean;
    name?: string;
};

