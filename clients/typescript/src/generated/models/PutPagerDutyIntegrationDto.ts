/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { PagerDutyConfigDto } from './PagerDutyConfigDto';
import type { PagerDutyCredentialsDto } from './PagerDutyCredentialsDto';
export type PutPagerDutyIntegrationDto = {
    config: PagerDutyConfigDto;
    /**
     * Required the first time. Omit to keep the stored credentials.
     */
    credentials?: PagerDutyCredentialsDto;
    /**
     * Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.
     */
    enabled?: boolean;
    name?: string;
};

