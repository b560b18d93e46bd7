/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IntegrationHealthDto } from './IntegrationHealthDto';
import type { SlackConfigDto } from './SlackConfigDto';
import type { SlackCredentialsMaskedDto } from './SlackCredentialsMaskedDto';
export type SlackIntegrationDto = {
    /**
     * Disabled by health checks after 5 consecutive failures (cleared by enable)
     */
    autoDisabled: boolean;
    config: SlackConfigDto | null;
    /**
     * Has a stored configuration (false: config and credentials are null)
     */
    configured: boolean;
    credentials: SlackCredentialsMaskedDto | null;
    /**
     * Receives events and health checks
     */
    enabled: boolean;
    health: IntegrationHealthDto;
    name: string;
    type: 'slack';
    /**
     * null until first configured
     */
    updatedAt: string | null;
};

