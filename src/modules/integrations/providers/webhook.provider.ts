import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { DomainEvent } from '../../../common/events';
import type { WebhookConfigDto, WebhookCredentialsDto } from '../dto/integration-config.dto';
import { eventBody, httpError, IntegrationProvider, JSON_HEADERS, mask, urlFieldErrors } from './provider';

export const generateSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Standard Webhooks headers for a body: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`. */
export function signWebhook(secret: string, msgId: string, body: string, at = new Date()): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(msgId, at, body),
  };
}

/** Generic webhook: JSON `{ type, timestamp, workspaceId, data }` signed per Standard Webhooks. */
export const webhookProvider: IntegrationProvider<WebhookConfigDto, Required<WebhookCredentialsDto>> = {
  type: 'webhook',
  credentialsRequired: false,
  // ~1-1.5 days of retries (exponential from 1 s, jitter 50 %), as Standard Webhooks senders do
  attempts: 18,
  check: (config, _credentials, ctx) => urlFieldErrors('config.url', config.url, ctx),

  prepareCredentials(given, stored) {
    if (given === undefined && stored) return { credentials: stored };
    if (given?.signingSecret) return { credentials: { signingSecret: given.signingSecret } };
    const signingSecret = generateSigningSecret();
    return { credentials: { signingSecret }, reveal: signingSecret };
  },

  mask: (c) => ({ signingSecret: mask(c.signingSecret) }),
  accepts: (event, config) => event.type === 'integration.test' || !config.events?.length || config.events.includes(event.type),

  eventRequest(event: DomainEvent, config, credentials) {
    const body = eventBody(event);
    return {
      url: config.url,
      method: 'POST',
      headers: { ...JSON_HEADERS, ...signWebhook(credentials.signingSecret, event.id, body) },
      body,
    };
  },

  /** A HEAD request: any HTTP answer below 500 shows the endpoint is reachable; nothing is delivered. */
  healthRequest: (config) => ({ url: config.url, method: 'HEAD', headers: {} }),

  interpret(res, purpose) {
    if (purpose === 'health')
      return res.status < 500 ? { ok: true, retryable: false } : { ok: false, retryable: false, error: httpError(res) };
    if (res.status >= 200 && res.status < 300) return { ok: true, retryable: false };
    // Receivers fix their endpoints: every failure is retried, except 410 Gone.
    return { ok: false, retryable: res.status !== 410, error: httpError(res) };
  },
};
