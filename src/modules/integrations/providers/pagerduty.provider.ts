import type { AlertEventData, DomainEvent, TraceErrorData, UsageThresholdData } from '../../../common/events';
import type { PagerDutyConfigDto, PagerDutyCredentialsDto } from '../dto/integration-config.dto';
import { IntegrationProvider, JSON_HEADERS, mask, ProviderContext, standardVerdict, summarize } from './provider';

const ENDPOINTS = { us: 'https://events.pagerduty.com/v2/enqueue', eu: 'https://events.eu.pagerduty.com/v2/enqueue' } as const;
export const PAGERDUTY_HEALTH_DEDUP_KEY = 'agentobs-health-check';

/** The Events API v2 endpoint: region's, or `PAGERDUTY_EVENTS_URL` (a bare origin gets /v2/enqueue). */
export function pagerdutyEventsUrl(region: 'us' | 'eu', ctx: Pick<ProviderContext, 'pagerdutyEventsUrl'>): string {
  if (!ctx.pagerdutyEventsUrl) return ENDPOINTS[region];
  const u = new URL(ctx.pagerdutyEventsUrl);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v2/enqueue';
  return u.toString();
}

/** Deduplication key: one incident per trace, per quota threshold and period, per test event; an alert incident's id. */
export function pagerdutyDedupKey(event: DomainEvent): string {
  switch (event.type) {
    case 'alert.triggered':
    case 'alert.acknowledged':
    case 'alert.resolved':
      return (event.data as unknown as AlertEventData).incidentId;
    case 'trace.error':
      return `agentobs:${event.workspaceId}:trace:${(event.data as unknown as TraceErrorData).traceId}`;
    case 'usage.threshold': {
      const d = event.data as unknown as UsageThresholdData;
      return `agentobs:${event.workspaceId}:usage:${d.periodStart.slice(0, 10)}:${d.threshold}`;
    }
    default:
      return `agentobs:${event.workspaceId}:test:${event.id}`;
  }
}

/** PagerDuty Events API v2: `trigger` events with routing_key, payload{summary,severity,source} and a dedup key. */
export const pagerdutyProvider: IntegrationProvider<PagerDutyConfigDto, PagerDutyCredentialsDto> = {
  type: 'pagerduty',
  credentialsRequired: true,
  attempts: 12,
  check: () => [],
  prepareCredentials: (given, stored) => ({ credentials: given ?? stored }),
  mask: (c) => ({ routingKey: mask(c.routingKey) }),
  accepts: () => true,

  eventRequest(event, config, credentials, ctx) {
    const url = pagerdutyEventsUrl(config.region, ctx);
    // an alert incident's later changes act on the PagerDuty incident its trigger opened (same dedup_key)
    if (event.type === 'alert.acknowledged' || event.type === 'alert.resolved') {
      const body = {
        routing_key: credentials.routingKey,
        event_action: event.type === 'alert.acknowledged' ? 'acknowledge' : 'resolve',
        dedup_key: pagerdutyDedupKey(event),
      };
      return { url, method: 'POST', headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
    }
    const s = summarize(event, ctx.appUrl);
    const alert = event.type === 'alert.triggered' ? (event.data as unknown as AlertEventData) : null;
    const body = {
      routing_key: credentials.routingKey,
      event_action: 'trigger',
      dedup_key: pagerdutyDedupKey(event),
      payload: {
        summary: `${s.title}: ${s.text}`.slice(0, 1024),
        severity: config.severity,
        source: `agent-monitoring/${event.workspaceId}`,
        timestamp: event.timestamp,
        component:
          event.type === 'trace.error'
            ? (event.data as unknown as TraceErrorData).name.slice(0, 255)
            : alert
              ? alert.ruleName.slice(0, 255)
              : undefined,
        group: event.workspaceId,
        class: event.type,
        custom_details: event.data,
      },
      client: 'Agent Monitoring',
      client_url: s.link,
      links: [{ href: s.link, text: 'Open in Agent Monitoring' }],
    };
    return { url, method: 'POST', headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
  },

  /** `resolve` of a key that never triggers anything: accepted (202) for a valid routing key, no incident. */
  healthRequest(config, credentials, ctx) {
    const body = { routing_key: credentials.routingKey, event_action: 'resolve', dedup_key: PAGERDUTY_HEALTH_DEDUP_KEY };
    return { url: pagerdutyEventsUrl(config.region, ctx), method: 'POST', headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
  },

  interpret: (res) => standardVerdict(res),
};
