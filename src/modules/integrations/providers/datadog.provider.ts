import type { TraceErrorData } from '../../../common/events';
import type { DatadogConfigDto, DatadogCredentialsDto } from '../dto/integration-config.dto';
import { IntegrationProvider, JSON_HEADERS, mask, ProviderContext, standardVerdict, summarize } from './provider';

/** API base: `https://api.<site>`, or `DATADOG_API_URL`. */
export function datadogApiBase(site: string, ctx: Pick<ProviderContext, 'datadogApiUrl'>): string {
  return (ctx.datadogApiUrl ?? `https://api.${site}`).replace(/\/+$/, '');
}

const STATUS = { error: 'error', warning: 'warn', info: 'ok' } as const;
const PRIORITY = { error: '1', warning: '3', info: '5' } as const;

/** Datadog Events API v2 (`POST /api/v2/events`, `DD-API-KEY`) on the account's site; health via `/api/v1/validate`. */
export const datadogProvider: IntegrationProvider<DatadogConfigDto, DatadogCredentialsDto> = {
  type: 'datadog',
  credentialsRequired: true,
  attempts: 12,
  check: () => [],
  prepareCredentials: (given, stored) => ({ credentials: given ?? stored }),
  mask: (c) => ({ apiKey: mask(c.apiKey) }),
  accepts: () => true,

  eventRequest(event, config, credentials, ctx) {
    const s = summarize(event, ctx.appUrl);
    const aggregation =
      event.type === 'trace.error' ? `agentobs-trace-${(event.data as unknown as TraceErrorData).traceId}` : `agentobs-${event.type}`;
    const body = {
      data: {
        type: 'event',
        attributes: {
          title: s.title.slice(0, 500),
          message: `${s.text}\n\n${s.link}`.slice(0, 4000),
          category: 'alert',
          integration_id: 'custom-events',
          aggregation_key: aggregation.slice(0, 100),
          timestamp: event.timestamp,
          tags: ['source:agent-monitoring', `event_type:${event.type}`, `workspace_id:${event.workspaceId}`],
          attributes: { status: STATUS[s.severity], priority: PRIORITY[s.severity], custom: event.data },
        },
      },
    };
    return {
      url: `${datadogApiBase(config.site, ctx)}/api/v2/events`,
      method: 'POST',
      headers: { ...JSON_HEADERS, 'dd-api-key': credentials.apiKey },
      body: JSON.stringify(body),
    };
  },

  healthRequest: (config, credentials, ctx) => ({
    url: `${datadogApiBase(config.site, ctx)}/api/v1/validate`,
    method: 'GET',
    headers: { accept: 'application/json', 'dd-api-key': credentials.apiKey },
  }),

  interpret: (res) => standardVerdict(res),
};
