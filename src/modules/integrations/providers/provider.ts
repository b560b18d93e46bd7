import type { AlertEventData, DomainEvent, TraceErrorData, UsageThresholdData, IntegrationTestData } from '../../../common/events';
import type { FieldError } from '../../../common/errors/domain-error';
import type { OutboundHttp, OutboundResponse } from '../../../common/http/outbound-http';
import type { IntegrationType } from '../integration-types';

/** What providers need from the environment. */
export interface ProviderContext {
  /** public URL of the app, for links in alerts */
  appUrl: string;
  /** `PAGERDUTY_EVENTS_URL`: replaces events(.eu).pagerduty.com/v2/enqueue */
  pagerdutyEventsUrl?: string;
  /** `DATADOG_API_URL`: replaces https://api.<site> */
  datadogApiUrl?: string;
  /** the outbound client (allow-list and static URL checks) */
  http: Pick<OutboundHttp, 'isAllowListed' | 'staticRefusal'>;
}

/** One HTTP request a provider wants made (always through the SSRF-safe outbound client). */
export interface ProviderRequest {
  url: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  headers: Record<string, string>;
  body?: string;
}

/** A provider's reading of an answer. `error` is short and safe to store and show. */
export interface Verdict {
  ok: boolean;
  /** worth retrying (5xx, 429, timeouts); false stops the delivery at once */
  retryable: boolean;
  error?: string;
}

export type Purpose = 'event' | 'health';

/**
 * One integration type: validates its configuration, builds the provider's real requests (alerts,
 * the test event, the health probe) and reads the answers. Config is plain JSON; credentials are the
 * decrypted secret object. Implementations are pure (no I/O), so they are unit-tested directly.
 */
export interface IntegrationProvider<C = any, K = any> {
  readonly type: IntegrationType;
  /** credentials must be given when the integration is first configured */
  readonly credentialsRequired: boolean;
  /** delivery attempts for alerts (exponential backoff with jitter from 1 s) */
  readonly attempts: number;
  /** checks beyond the DTO's: field errors named from the body root (`config.url`, `credentials.webhookUrl`) */
  check(config: C, credentials: K | null, ctx: ProviderContext): FieldError[];
  /** credentials to store from the body's (undefined = not given) and the stored ones; `reveal` is shown once */
  prepareCredentials(given: K | undefined, stored: K | null): { credentials: K | null; reveal?: string };
  mask(credentials: K): Record<string, unknown>;
  /** whether this integration receives the event (webhook: config.events) */
  accepts(event: DomainEvent, config: C): boolean;
  eventRequest(event: DomainEvent, config: C, credentials: K, ctx: ProviderContext): ProviderRequest;
  /** a side-effect free request that shows the integration works */
  healthRequest(config: C, credentials: K, ctx: ProviderContext): ProviderRequest;
  interpret(res: OutboundResponse, purpose: Purpose): Verdict;
}

// ---------------------------------------------------------------- helpers

/** `••••` + at most the last 4 characters (fewer for short secrets, none under 8). */
export function mask(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return '••••' + (shown ? secret.slice(-shown) : '');
}

/** One line of at most `max` characters of a response body, for error messages. */
export function snippet(body: string, max = 120): string {
  return body.replace(/\s+/g, ' ').trim().slice(0, max);
}

export function httpError(res: OutboundResponse): string {
  const text = snippet(res.body);
  return text ? `HTTP ${res.status}: ${text}` : `HTTP ${res.status}`;
}

/** 2xx ok; 408, 425, 429 and 5xx retryable; other 4xx final. */
export function standardVerdict(res: OutboundResponse): Verdict {
  if (res.status >= 200 && res.status < 300) return { ok: true, retryable: false };
  const retryable = res.status >= 500 || res.status === 408 || res.status === 425 || res.status === 429;
  return { ok: false, retryable, error: httpError(res) };
}

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export interface EventSummary {
  title: string;
  text: string;
  severity: 'error' | 'warning' | 'info';
  link: string;
  fields: [string, string][];
}

const truncate = (s: string, max: number) => (s.length > max ? s.slice(0, max - 1) + '…' : s);
const num = (n: number) => n.toLocaleString('en-US');

/** A metric's value for people: error rate as a percentage, cost in dollars, latency in ms, counts as integers. */
export function formatValue(metric: AlertEventData['metric'], v: number): string {
  switch (metric) {
    case 'error_rate':
      return `${+(v * 100).toFixed(2)}%`;
    case 'cost_usd':
      return `$${+v.toFixed(4)}`;
    case 'p95_latency_ms':
      return `${+v.toFixed(1)} ms`;
    default:
      return num(v);
  }
}

const METRIC_NAMES: Record<AlertEventData['metric'], string> = {
  error_rate: 'Error rate',
  p95_latency_ms: 'p95 latency',
  cost_usd: 'Cost',
  trace_count: 'Trace count',
};

const alertMetricText = (d: AlertEventData) => `${METRIC_NAMES[d.metric] ?? d.metric} ${formatValue(d.metric, d.value)}`;

/** A human summary of an event, shared by the chat/paging providers. */
export function summarize(event: DomainEvent, appUrl: string): EventSummary {
  switch (event.type) {
    case 'trace.error': {
      const d = event.data as unknown as TraceErrorData;
      return {
        title: truncate(`Trace error: ${d.name}`, 150),
        text: truncate(d.statusMessage || 'A span ended with status error', 2000),
        severity: 'error',
        link: `${appUrl}/dashboard/traces/${encodeURIComponent(d.traceId)}`,
        fields: [
          ['Span', d.name],
          ['Trace ID', d.traceId],
          ['Span ID', d.spanId],
          ['Started', d.startTime],
        ],
      };
    }
    case 'usage.threshold': {
      const d = event.data as unknown as UsageThresholdData;
      return {
        title: `Monthly trace quota ${d.threshold}% used`,
        text:
          `${num(d.used)} of ${num(d.limit)} traces used this month (${d.periodStart.slice(0, 10)} to ${d.periodEnd.slice(0, 10)}).` +
          (d.threshold >= 100 ? ' New traces are refused until the period ends or the plan is upgraded.' : ''),
        severity: d.threshold >= 100 ? 'error' : 'warning',
        link: `${appUrl}/dashboard/billing`,
        fields: [
          ['Used', num(d.used)],
          ['Limit', num(d.limit)],
          ['Threshold', `${d.threshold}%`],
        ],
      };
    }
    case 'alert.triggered':
    case 'alert.acknowledged':
    case 'alert.resolved': {
      const d = event.data as unknown as AlertEventData;
      const state = event.type === 'alert.triggered' ? 'Triggered' : event.type === 'alert.acknowledged' ? 'Acknowledged' : 'Resolved';
      return {
        title: truncate(`[${state}] ${d.ruleName}`, 150),
        text: `${alertMetricText(d)} over the last ${d.windowMinutes} min (threshold ${formatValue(d.metric, d.threshold)}).`,
        severity: event.type === 'alert.triggered' ? 'error' : event.type === 'alert.acknowledged' ? 'warning' : 'info',
        link: `${appUrl}/alerts`,
        fields: [
          ['Metric', d.metric],
          ['Value', formatValue(d.metric, d.value)],
          ['Threshold', formatValue(d.metric, d.threshold)],
          ['Window', `${d.windowMinutes} min`],
          ['Status', d.status],
          ['Incident', d.incidentId],
        ],
      };
    }
    default: {
      const d = event.data as unknown as IntegrationTestData;
      return {
        title: 'Test alert from Agent Monitoring',
        text: truncate(d.message ?? 'Test alert', 2000),
        severity: 'info',
        link: `${appUrl}/dashboard`,
        fields: [],
      };
    }
  }
}

/** The JSON body of webhook and custom deliveries (API.md): `{ type, timestamp, workspaceId, data }`. */
export const eventBody = (event: DomainEvent) =>
  JSON.stringify({ type: event.type, timestamp: event.timestamp, workspaceId: event.workspaceId, data: event.data });

/** Field error for a URL the outbound client would never request (non-public IP literal, localhost, scheme). */
export function urlFieldErrors(field: string, url: string, ctx: ProviderContext): FieldError[] {
  const refusal = ctx.http.staticRefusal(url);
  return refusal ? [{ field, message: `${field} ${refusal}` }] : [];
}
