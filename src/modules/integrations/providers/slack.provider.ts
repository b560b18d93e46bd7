import type { DomainEvent } from '../../../common/events';
import type { OutboundResponse } from '../../../common/http/outbound-http';
import type { SlackConfigDto, SlackCredentialsDto } from '../dto/integration-config.dto';
import {
  httpError,
  IntegrationProvider,
  JSON_HEADERS,
  mask,
  ProviderContext,
  standardVerdict,
  summarize,
  urlFieldErrors,
} from './provider';

const EMOJI = { error: ':red_circle:', warning: ':warning:', info: ':white_check_mark:' } as const;
// Slack's answers to an empty message on a live webhook (the hook exists, the payload is refused).
const LIVE_HOOK_ERRORS = /^(no_text|invalid_payload|missing_text_or_fallback_or_attachments|no_text_or_blocks)\b/;

/** Slack mrkdwn escaping (https://api.slack.com/reference/surfaces/formatting#escaping). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack incoming webhook: `text` (notification fallback) + Block Kit `blocks`. */
export const slackProvider: IntegrationProvider<SlackConfigDto, SlackCredentialsDto> = {
  type: 'slack',
  credentialsRequired: true,
  attempts: 12,

  check(_config, credentials, ctx) {
    if (!credentials) return [];
    const field = 'credentials.webhookUrl';
    const url = new URL(credentials.webhookUrl);
    if (ctx.http.isAllowListed(url)) return [];
    if (url.protocol !== 'https:' || url.hostname !== 'hooks.slack.com' || !url.pathname.startsWith('/services/')) {
      return [{ field, message: `${field} must be a Slack incoming webhook URL (https://hooks.slack.com/services/…)` }];
    }
    return urlFieldErrors(field, credentials.webhookUrl, ctx);
  },

  prepareCredentials: (given, stored) => ({ credentials: given ?? stored }),
  mask: (c) => ({ webhookUrl: mask(c.webhookUrl) }),
  accepts: () => true,

  eventRequest(event: DomainEvent, config, credentials, ctx: ProviderContext) {
    const s = summarize(event, ctx.appUrl);
    const blocks: unknown[] = [
      { type: 'header', text: { type: 'plain_text', text: s.title.slice(0, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${EMOJI[s.severity]} ${esc(s.text)}`.slice(0, 3000) } },
    ];
    if (s.fields.length) {
      blocks.push({
        type: 'section',
        fields: s.fields.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${esc(k)}*\n${esc(v)}`.slice(0, 2000) })),
      });
    }
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${s.link}|Open in Agent Monitoring> · ${esc(event.type)}` }] });
    const body: Record<string, unknown> = { text: `${EMOJI[s.severity]} ${esc(s.title)}: ${esc(s.text)}`.slice(0, 3000), blocks };
    if (config.channel) body.channel = config.channel;
    return { url: credentials.webhookUrl, method: 'POST', headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
  },

  /** An empty message: a live hook answers 400 no_text, a revoked one 403/404/410; nothing is posted. */
  healthRequest: (_config, credentials) => ({ url: credentials.webhookUrl, method: 'POST', headers: { ...JSON_HEADERS }, body: '{}' }),

  interpret(res: OutboundResponse, purpose) {
    if (purpose === 'health' && res.status === 400 && LIVE_HOOK_ERRORS.test(res.body.trim())) return { ok: true, retryable: false };
    if (purpose === 'health' && res.status >= 200 && res.status < 300) return { ok: true, retryable: false };
    if (purpose === 'health') return { ok: false, retryable: false, error: httpError(res) };
    return standardVerdict(res);
  },
};
