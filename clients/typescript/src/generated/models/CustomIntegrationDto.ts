/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { CustomConfigDto } from './CustomConfigDto';
import type { CustomCredentialsMaskedDto } from './CustomCredentialsMaskedDto';
import type { IntegrationHealthDto } from './IntegrationHealthDto';
export type CustomIntegrationDto = {
    /**
     * Disabled by health checks after 5 consecutive failures (cleared by enable)
     */
    autoDisabled: boolean;
    config: CustomConfigDto | null;
    /**
     * Has a stored configuration (false: config and credentials are null)
     */
    configured: boolean;
    credentials: CustomCredentialsMaskedDto | null;
    /**
     * Receives events and health checks
     */
    enabled: boolean;
    health: IntegrationHealthDto;
    name: string;
    type: 'custom';
    /**
     * null until first configured
     */
    updatedAt: string | null;
};

