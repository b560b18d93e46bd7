/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { DatadogConfigDto } from './DatadogConfigDto';
import type { DatadogCredentialsMaskedDto } from './DatadogCredentialsMaskedDto';
import type { IntegrationHealthDto } from './IntegrationHealthDto';
export type DatadogIntegrationDto = {
    /**
     * Disabled by health checks after 5 consecutive failures (cleared by enable)
     */
    autoDisabled: boolean;
    config: DatadogConfigDto | null;
    /**
     * Has a stored configuration (false: config and credentials are null)
     */
    configured: boolean;
    credentials: DatadogCredentialsMaskedDto | null;
    /**
     * Receives events and health checks
     */
    enabled: boolean;
    health: IntegrationHealthDto;
    name: string;
    type: 'datadog';
    /**
     * null until first configured
     */
    updatedAt: string | null;
};

