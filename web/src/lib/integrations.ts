import { z } from 'zod/mini';
import type {
  CustomIntegrationDto,
  DatadogIntegrationDto,
  EventType,
  IntegrationType,
  PagerDutyIntegrationDto,
  SentryIntegrationDto,
  SlackIntegrationDto,
  WebhookIntegrationDto,
} from '@api';

export type Integration =
  | SlackIntegrationDto
  | PagerDutyIntegrationDto
  | WebhookIntegrationDto
  | SentryIntegrationDto
  | DatadogIntegrationDto
  | CustomIntegrationDto;
export type PutBody = { name?: string; enabled?: boolean; config: Record<string, unknown>; credentials?: Record<string, unknown> };

export const EVENT_TYPES: readonly EventType[] = [
  'trace.error',
  'usage.threshold',
  'integration.test',
  'alert.triggered',
  'alert.acknowledged',
  'alert.resolved',
];
export const EVENT_LABEL: Record<EventType, string> = {
  'trace.error': 'Trace errors',
  'usage.threshold': 'Usage thresholds (80 % and 100 % of the trace quota)',
  'integration.test': 'Test events',
  'alert.triggered': 'Alert incidents opened (and reminders)',
  'alert.acknowledged': 'Alert incidents acknowledged',
  'alert.resolved': 'Alert incidents resolved',
};

export interface FieldDef {
  key: string;
  label: string;
  group: 'config' | 'credentials';
  kind: 'text' | 'select' | 'secret' | 'events' | 'headers';
  options?: readonly string[];
  hint?: string;
  placeholder?: string;
  /** Required on first configuration (secrets: may be left blank later to keep the stored one). */
  required?: boolean;
  pattern?: { re: RegExp; message: string };
  maxLength?: number;
  url?: boolean;
}

export interface TypeInfo {
  label: string;
  description: string;
  fields: FieldDef[];
}

const HTTP_URL = 'an absolute http(s) URL';

export const INTEGRATION_TYPES: Record<IntegrationType, TypeInfo> = {
  slack: {
    label: 'Slack',
    description: 'Post alerts to a Slack channel through an incoming webhook.',
    fields: [
      {
        key: 'webhookUrl',
        label: 'Incoming webhook URL',
        group: 'credentials',
        kind: 'secret',
        required: true,
        url: true,
        maxLength: 500,
        placeholder: 'https://hooks.slack.com/services/…',
        hint: 'From Slack: Apps → Incoming Webhooks.',
      },
      {
        key: 'channel',
        label: 'Channel',
        group: 'config',
        kind: 'text',
        maxLength: 80,
        placeholder: '#agent-alerts',
        pattern: { re: /^[#@]?[A-Za-z0-9._-]{1,79}$/, message: 'A channel name such as #alerts' },
        hint: 'Optional; honoured by legacy webhooks only.',
      },
    ],
  },
  pagerduty: {
    label: 'PagerDuty',
    description: 'Open incidents through the PagerDuty Events API v2.',
    fields: [
      {
        key: 'routingKey',
        label: 'Integration (routing) key',
        group: 'credentials',
        kind: 'secret',
        required: true,
        pattern: { re: /^[A-Za-z0-9]{32}$/, message: 'The 32-character Events API v2 integration key' },
      },
      { key: 'region', label: 'Region', group: 'config', kind: 'select', options: ['us', 'eu'], required: true },
      {
        key: 'severity',
        label: 'Severity',
        group: 'config',
        kind: 'select',
        options: ['critical', 'error', 'warning', 'info'],
        required: true,
      },
    ],
  },
  webhook: {
    label: 'Webhook',
    description: 'Signed JSON events (Standard Webhooks) to your own endpoint.',
    fields: [
      {
        key: 'url',
        label: 'Endpoint URL',
        group: 'config',
        kind: 'text',
        required: true,
        url: true,
        maxLength: 2000,
        placeholder: 'https://example.com/hooks/agent-monitoring',
      },
      { key: 'events', label: 'Events', group: 'config', kind: 'events', hint: 'None selected = all events.' },
      {
        key: 'signingSecret',
        label: 'Signing secret',
        group: 'credentials',
        kind: 'secret',
        maxLength: 120,
        pattern: { re: /^whsec_[A-Za-z0-9+/]+={0,2}$/, message: 'whsec_ followed by base64' },
        hint: 'Optional: leave blank and one is generated for you (shown once).',
      },
    ],
  },
  sentry: {
    label: 'Sentry',
    description: 'Report agent errors as Sentry events.',
    fields: [
      {
        key: 'dsn',
        label: 'DSN',
        group: 'credentials',
        kind: 'secret',
        required: true,
        url: true,
        maxLength: 500,
        placeholder: 'https://<key>@o1.ingest.sentry.io/42',
      },
      {
        key: 'environment',
        label: 'Environment',
        group: 'config',
        kind: 'text',
        maxLength: 64,
        placeholder: 'production',
        pattern: { re: /^[^\s/]+$/, message: 'No spaces or slashes' },
      },
    ],
  },
  datadog: {
    label: 'Datadog',
    description: 'Send alerts as Datadog events.',
    fields: [
      {
        key: 'apiKey',
        label: 'API key',
        group: 'credentials',
        kind: 'secret',
        required: true,
        pattern: { re: /^[0-9a-fA-F]{32}$/, message: 'A 32-character hexadecimal Datadog API key' },
      },
      {
        key: 'site',
        label: 'Site',
        group: 'config',
        kind: 'select',
        required: true,
        options: ['datadoghq.com', 'datadoghq.eu', 'us3.datadoghq.com', 'us5.datadoghq.com', 'ap1.datadoghq.com'],
      },
    ],
  },
  custom: {
    label: 'Custom HTTP',
    description: 'Any HTTP endpoint, with your own headers.',
    fields: [
      {
        key: 'url',
        label: 'URL',
        group: 'config',
        kind: 'text',
        required: true,
        url: true,
        maxLength: 2000,
        placeholder: 'https://ops.example.com/alerts',
      },
      { key: 'method', label: 'Method', group: 'config', kind: 'select', options: ['POST', 'PUT'], required: true },
      {
        key: 'headers',
        label: 'Headers',
        group: 'config',
        kind: 'headers',
        hint: 'One "Name: value" per line; sent as stored and shown in clear.',
      },
      {
        key: 'secretHeaders',
        label: 'Secret headers',
        group: 'credentials',
        kind: 'headers',
        hint: 'One "Name: value" per line, e.g. Authorization: Bearer …; encrypted and never shown again.',
      },
    ],
  },
};

export type FormValues = Record<string, string | string[]>;

const isHttpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
};

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** "Name: value" lines → header map; throws a message naming the bad line. */
export function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > 20) throw new Error('At most 20 headers');
  for (const line of lines) {
    const i = line.indexOf(':');
    const name = i > 0 ? line.slice(0, i).trim() : '';
    if (!HEADER_NAME.test(name)) throw new Error(`"${line.slice(0, 40)}" is not "Name: value"`);
    out[name] = line.slice(i + 1).trim();
  }
  return out;
}

export const formatHeaders = (h: Record<string, string> | undefined | null) =>
  Object.entries(h ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

/** The form schema for a type; once configured, blank secrets mean "keep the stored ones". */
export function schemaFor(type: IntegrationType, configured: boolean) {
  const shape: Record<string, z.ZodMiniType> = {
    name: z.string().check(z.trim(), z.minLength(1, 'Required'), z.maxLength(100, 'At most 100 characters')),
  };
  for (const f of INTEGRATION_TYPES[type].fields) {
    if (f.kind === 'events') {
      shape[f.key] = z.array(z.enum(EVENT_TYPES as [EventType, ...EventType[]]));
      continue;
    }
    const required = f.required && !(f.kind === 'secret' && configured);
    shape[f.key] = z.string().check(
      z.trim(),
      z.superRefine((v, ctx) => {
        const issue = (message: string) => ctx.issues.push({ code: 'custom', message, input: v });
        if (!v) {
          if (required) issue(f.kind === 'select' ? 'Choose one' : 'Required');
          return;
        }
        if (f.maxLength && v.length > f.maxLength) issue(`At most ${f.maxLength} characters`);
        else if (f.url && !isHttpUrl(v)) issue(`Enter ${HTTP_URL}`);
        else if (f.pattern && !f.pattern.re.test(v)) issue(f.pattern.message);
        else if (f.kind === 'headers') {
          try {
            parseHeaders(v);
          } catch (e) {
            issue((e as Error).message);
          }
        }
      }),
    );
  }
  return z.object(shape);
}

export function defaultsFor(i: Integration): FormValues {
  const values: FormValues = { name: i.name };
  const config = (i.config ?? {}) as Record<string, unknown>;
  for (const f of INTEGRATION_TYPES[i.type].fields) {
    if (f.group === 'credentials') values[f.key] = '';
    else if (f.kind === 'events') values[f.key] = (config[f.key] as string[] | undefined) ?? [];
    else if (f.kind === 'headers') values[f.key] = formatHeaders(config[f.key] as Record<string, string> | undefined);
    else values[f.key] = (config[f.key] as string | undefined) ?? (f.kind === 'select' && f.options ? f.options[0] : '');
  }
  return values;
}

/** Form values → PUT body: empty optional config fields omitted, credentials only when some were typed. */
export function toPutBody(type: IntegrationType, v: FormValues, configured: boolean): PutBody {
  const config: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const f of INTEGRATION_TYPES[type].fields) {
    const value = v[f.key];
    const target = f.group === 'config' ? config : credentials;
    const key = f.key === 'secretHeaders' ? 'headers' : f.key;
    if (f.kind === 'events') target[key] = value ?? [];
    else if (f.kind === 'headers') {
      if (typeof value === 'string' && value.trim()) target[key] = parseHeaders(value);
    } else if (typeof value === 'string' && value.trim()) target[key] = value.trim();
  }
  const body: PutBody = { name: String(v.name).trim(), config };
  if (Object.keys(credentials).length > 0) body.credentials = credentials;
  // A new webhook without a secret: send empty credentials so the server generates one (returned once).
  else if (type === 'webhook' && !configured) body.credentials = {};
  return body;
}

/** The state shown on a card. */
export function statusOf(i: Integration): { label: string; tone: 'neutral' | 'success' | 'danger' | 'warning' } {
  if (!i.configured) return { label: 'Not configured', tone: 'neutral' };
  if (i.autoDisabled) return { label: 'Auto-disabled', tone: 'danger' };
  return i.enabled ? { label: 'Enabled', tone: 'success' } : { label: 'Disabled', tone: 'neutral' };
}
