/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { CustomIntegrationDto } from './CustomIntegrationDto';
import type { DatadogIntegrationDto } from './DatadogIntegrationDto';
import type { PagerDutyIntegrationDto } from './PagerDutyIntegrationDto';
import type { SentryIntegrationDto } from './SentryIntegrationDto';
import type { SlackIntegrationDto } from './SlackIntegrationDto';
import type { WebhookIntegrationDto } from './WebhookIntegrationDto';
export type IntegrationListDto = {
    /**
     * All six types, configured or not
     */
    data: Array<(SlackIntegrationDto | PagerDutyIntegrationDto | WebhookIntegrationDto | SentryIntegrationDto | DatadogIntegrationDto | CustomIntegrationDto)>;
};

