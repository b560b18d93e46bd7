/** The six integration types (API.md, Integrations); at most one of each per workspace. */
export const INTEGRATION_TYPES = ['slack', 'pagerduty', 'webhook', 'sentry', 'datadog', 'custom'] as const;
export type IntegrationType = (typeof INTEGRATION_TYPES)[number];
export const isIntegrationType = (v: unknown): v is IntegrationType =>
  typeof v === 'string' && (INTEGRATION_TYPES as readonly string[]).includes(v);

export const HEALTH_STATUSES = ['unknown', 'healthy', 'failing'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Consecutive failed health checks after which an integration is disabled (audit `integration.auto_disabled`). */
export const AUTO_DISABLE_AFTER_FAILURES = 5;

export const DEFAULT_NAMES: Record<IntegrationType, string> = {
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  webhook: 'Webhook',
  sentry: 'Sentry',
  datadog: 'Datadog',
  custom: 'Custom HTTP',
};
