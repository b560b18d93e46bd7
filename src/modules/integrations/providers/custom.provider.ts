import type { CustomConfigDto, CustomCredentialsDto } from '../dto/integration-config.dto';
import { eventBody, httpError, IntegrationProvider, JSON_HEADERS, mask, urlFieldErrors } from './provider';

const secretHeaders = (c: CustomCredentialsDto | null) => c?.headers ?? {};

/** Custom HTTP: the event JSON to the configured URL and method, with plain and secret headers. */
export const customProvider: IntegrationProvider<CustomConfigDto, CustomCredentialsDto> = {
  type: 'custom',
  credentialsRequired: false,
  attempts: 18,

  check(config, credentials, ctx) {
    const errors = urlFieldErrors('config.url', config.url, ctx);
    const secret = new Set(Object.keys(secretHeaders(credentials)).map((h) => h.toLowerCase()));
    const dup = Object.keys(config.headers ?? {}).find((h) => secret.has(h.toLowerCase()));
    if (dup) errors.push({ field: 'config.headers', message: `config.headers repeats the secret header ${dup}; set it in one place` });
    return errors;
  },

  prepareCredentials: (given, stored) => ({ credentials: given ?? stored ?? { headers: {} } }),
  mask: (c) => ({ headers: Object.fromEntries(Object.entries(secretHeaders(c)).map(([k, v]) => [k, mask(v)])) }),
  accepts: () => true,

  eventRequest(event, config, credentials) {
    return {
      url: config.url,
      method: config.method,
      headers: {
        ...(config.headers ?? {}),
        ...secretHeaders(credentials),
        ...JSON_HEADERS,
        'x-agentobs-event-id': event.id,
        'x-agentobs-event-type': event.type,
      },
      body: eventBody(event),
    };
  },

  healthRequest: (config, credentials) => ({
    url: config.url,
    method: 'HEAD',
    headers: { ...(config.headers ?? {}), ...secretHeaders(credentials) },
  }),

  interpret(res, purpose) {
    if (purpose === 'health')
      return res.status < 500 ? { ok: true, retryable: false } : { ok: false, retryable: false, error: httpError(res) };
    if (res.status >= 200 && res.status < 300) return { ok: true, retryable: false };
    return { ok: false, retryable: res.status !== 410, error: httpError(res) };
  },
};
