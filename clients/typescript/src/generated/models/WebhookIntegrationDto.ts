/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IntegrationHealthDto } from './IntegrationHealthDto';
import type { WebhookConfigDto } from './WebhookConfigDto';
import type { WebhookCredentialsMaskedDto } from './WebhookCredentialsMaskedDto';
export type WebhookIntegrationDto = {
    /**
     * Disabled by health checks after 5 consecutive failures (cleared by enable)
     */
    autoDisabled: boolean;
    config: WebhookConfigDto | null;
    /**
     * Has a stored configuration (false: config and credentials are null)
     */
    configured: boolean;
    credentials: WebhookCredentialsMaskedDto | null;
    /**
     * Receives events and health checks
     */
    enabled: boolean;
    health: IntegrationHealthDto;
    name: string;
    /**
     * Only in the PUT response that generated a signing secret: the secret in clear, shown this once
     */
    signingSecret?: string;
    type: 'webhook';
    /**
     * null until first configured
     */
    updatedAt: string | null;
};

