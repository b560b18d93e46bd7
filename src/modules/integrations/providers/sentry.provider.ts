import { createHash } from 'node:crypto';
import type { DomainEvent, TraceErrorData } from '../../../common/events';
import type { SentryConfigDto, SentryCredentialsDto } from '../dto/integration-config.dto';
import { parseSentryDsn, SentryDsn } from '../dto/validators';
import { IntegrationProvider, mask, standardVerdict, summarize, urlFieldErrors } from './provider';

const CLIENT = 'agentobs-integrations/1.0';

export const sentryEnvelopeUrl = (dsn: SentryDsn) => `${dsn.protocol}//${dsn.host}${dsn.pathPrefix}/api/${dsn.projectId}/envelope/`;

export function sentryAuthHeader(dsn: SentryDsn): string {
  return (
    `Sentry sentry_version=7, sentry_client=${CLIENT}, sentry_key=${dsn.publicKey}` +
    (dsn.secretKey ? `, sentry_secret=${dsn.secretKey}` : '')
  );
}

/** Sentry event ids are 32 hex characters: the event's UUID without dashes (so retries are deduplicated by Sentry). */
export function sentryEventId(event: DomainEvent): string {
  const hex = event.id.replace(/-/g, '').toLowerCase();
  return /^[0-9a-f]{32}$/.test(hex) ? hex : createHash('sha256').update(event.id).digest('hex').slice(0, 32);
}

function envelope(header: object, items: [object, object][]): string {
  return (
    [
      JSON.stringify(header),
      ...items.flatMap(([h, payload]) => {
        const body = JSON.stringify(payload);
        return [JSON.stringify({ ...h, length: Buffer.byteLength(body) }), body];
      }),
    ].join('\n') + '\n'
  );
}

function request(credentials: SentryCredentialsDto, body: string) {
  const dsn = parseSentryDsn(credentials.dsn) as SentryDsn;
  return {
    url: sentryEnvelopeUrl(dsn),
    method: 'POST' as const,
    headers: { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': sentryAuthHeader(dsn) },
    body,
  };
}

/** Sentry: one event per alert in an envelope to the DSN's project, authenticated with X-Sentry-Auth. */
export const sentryProvider: IntegrationProvider<SentryConfigDto, SentryCredentialsDto> = {
  type: 'sentry',
  credentialsRequired: true,
  attempts: 12,
  check: (_config, credentials, ctx) => (credentials ? urlFieldErrors('credentials.dsn', credentials.dsn, ctx) : []),
  prepareCredentials: (given, stored) => ({ credentials: given ?? stored }),
  mask: (c) => ({ dsn: mask(c.dsn) }),
  accepts: () => true,

  eventRequest(event, config, credentials, ctx) {
    const s = summarize(event, ctx.appUrl);
    const eventId = sentryEventId(event);
    const sentAt = new Date().toISOString();
    const payload = {
      event_id: eventId,
      timestamp: event.timestamp,
      platform: 'other',
      level: s.severity,
      logger: 'agent-monitoring',
      message: { formatted: `${s.title}: ${s.text}` },
      environment: config.environment,
      tags: {
        'agentobs.event_type': event.type,
        'agentobs.workspace_id': event.workspaceId,
        ...(event.type === 'trace.error' ? { trace_id: (event.data as unknown as TraceErrorData).traceId } : {}),
      },
      extra: { ...event.data, link: s.link },
      fingerprint:
        event.type === 'trace.error'
          ? ['agentobs', 'trace.error', (event.data as unknown as TraceErrorData).name]
          : ['agentobs', event.type],
      sdk: { name: 'agentobs.integrations', version: '1.0.0' },
    };
    return request(
      credentials,
      envelope({ event_id: eventId, sent_at: sentAt }, [[{ type: 'event', content_type: 'application/json' }, payload]]),
    );
  },

  /** An empty client report: authenticates against the project without creating an event. */
  healthRequest(_config, credentials) {
    const now = new Date().toISOString();
    return request(credentials, envelope({ sent_at: now }, [[{ type: 'client_report' }, { timestamp: now, discarded_events: [] }]]));
  },

  interpret: (res) => standardVerdict(res),
};
