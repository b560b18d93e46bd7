/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SlackConfigDto } from './SlackConfigDto';
import type { SlackCredentialsDto } from './SlackCredentialsDto';
export type PutSlackIntegrationDto = {
    config: SlackConfigDto;
    /**
     * Required the first time. Omit to keep the stored credentials.
     */
    credentials?: SlackCredentialsDto;
    /**
     * Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.
     */
    enabled?: boolean;
    name?: string;
};

