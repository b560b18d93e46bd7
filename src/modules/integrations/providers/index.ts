import type { IntegrationType } from '../integration-types';
import { customProvider } from './custom.provider';
import { datadogProvider } from './datadog.provider';
import { pagerdutyProvider } from './pagerduty.provider';
import type { IntegrationProvider } from './provider';
import { sentryProvider } from './sentry.provider';
import { slackProvider } from './slack.provider';
import { webhookProvider } from './webhook.provider';

/** Every provider by type: the one place a new integration type is registered. */
export const PROVIDERS: Record<IntegrationType, IntegrationProvider> = {
  slack: slackProvider,
  pagerduty: pagerdutyProvider,
  webhook: webhookProvider,
  sentry: sentryProvider,
  datadog: datadogProvider,
  custom: customProvider,
};
