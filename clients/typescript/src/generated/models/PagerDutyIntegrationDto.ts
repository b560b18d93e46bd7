/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IntegrationHealthDto } from './IntegrationHealthDto';
import type { PagerDutyConfigDto } from './PagerDutyConfigDto';
import type { PagerDutyCredentialsMaskedDto } from './PagerDutyCredentialsMaskedDto';
export type PagerDutyIntegrationDto = {
    /**
     * Disabled by health checks after 5 consecutive failures (cleared by enable)
     */
    autoDisabled: boolean;
    config: PagerDutyConfigDto | null;
    /**
     * Has a stored configuration (false: config and credentials are null)
     */
    configured: boolean;
    credentials: PagerDutyCredentialsMaskedDto | null;
    /**
     * Receives events and health checks
     */
    enabled: boolean;
    health: IntegrationHealthDto;
    name: string;
    type: 'pagerduty';
    /**
     * null until first configured
     */
    updatedAt: string | null;
};

