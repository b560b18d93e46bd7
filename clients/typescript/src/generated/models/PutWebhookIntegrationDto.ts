/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { WebhookConfigDto } from './WebhookConfigDto';
import type { WebhookCredentialsDto } from './WebhookCredentialsDto';
export type PutWebhookIntegrationDto = {
    config: WebhookConfigDto;
    /**
     * Omit to keep the stored credentials. Present without signingSecret (or on first configuration without one), a new secret is generated and returned once.
     */
    credentials?: WebhookCredentialsDto;
    /**
     * Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.
     */
    enabled?: boolean;
    name?: string;
};

