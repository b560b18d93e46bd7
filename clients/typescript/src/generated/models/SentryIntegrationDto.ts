/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IntegrationHealthDto } from './IntegrationHealthDto';
import type { SentryConfigDto } from './SentryConfigDto';
import type { SentryCredentialsMaskedDto } from './SentryCredentialsMaskedDto';
export type SentryIntegrationDto = {
    /**
     * Disabled by health checks after 5 consecutive failures (cleared by enable)
     */
    autoDisabled: boolean;
    config: SentryConfigDto | null;
    /**
     * Has a stored configuration (false: config and credentials are null)
     */
    configured: boolean;
    credentials: SentryCredentialsMaskedDto | null;
    /**
     * Receives events and health checks
     */
    enabled: boolean;
    health: IntegrationHealthDto;
    name: string;
    type: 'sentry';
    /**
     * null until first configured
     */
    updatedAt: string | null;
};

