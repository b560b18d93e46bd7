import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AlertEventData, AlertEventType, newEvent } from '../../../common/events';
import { OutboundHttp } from '../../../common/http/outbound-http';
import { pagerdutyProvider } from './pagerduty.provider';
import { ProviderContext } from './provider';
import { slackProvider } from './slack.provider';
import { webhookProvider } from './webhook.provider';

/*
 * The alert payloads against the providers' documented examples (test/fixtures/providers): every field we send is a
 * field of the example with the same JSON type, and the example's required fields are there.
 */

const FIXTURES = path.join(__dirname, '../../../../test/fixtures/providers');
const fixture = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const ctx: ProviderContext = { appUrl: 'https://app.example.com', http: new OutboundHttp() };
const INCIDENT = '6f1c7f5e-2b7e-4a53-9d0b-1f8a3c2d4e5f';

const alert = (type: AlertEventType, status: AlertEventData['status']) =>
  newEvent<AlertEventData>(
    type,
    'ws-1',
    {
      incidentId: INCIDENT,
      ruleId: '0b6c1e0e-8f43-4b0e-9a57-3c1d2e4f5a6b',
      ruleName: 'Checkout <agent> errors & timeouts',
      metric: 'error_rate',
      value: 0.4321,
      threshold: 0.05,
      windowMinutes: 15,
      status,
    },
    `${INCIDENT}.${status}`,
    ['pagerduty', 'slack', 'webhook'],
  ) as never;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const kind = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Paths of `ours` that the example does not have with the same type (arrays: each element against any example element). */
function shapeMismatches(ours: Json, example: Json, at = '$'): string[] {
  if (kind(ours) !== kind(example)) return [`${at}: ${kind(ours)} where the example has ${kind(example)}`];
  if (Array.isArray(ours)) {
    const candidates = example as Json[];
    return ours.flatMap((item, i) => {
      const options = candidates.map((c) => shapeMismatches(item, c, `${at}[${i}]`));
      return options.some((o) => !o.length) ? [] : (options.sort((a, b) => a.length - b.length)[0] ?? [`${at}[${i}]: no example element`]);
    });
  }
  if (ours && typeof ours === 'object') {
    const ex = example as { [k: string]: Json };
    return Object.entries(ours).flatMap(([k, v]) =>
      k in ex ? shapeMismatches(v, ex[k], `${at}.${k}`) : [`${at}.${k}: not in the example`],
    );
  }
  return [];
}

const bodyOf = (req: { body?: string }) => JSON.parse(req.body as string) as Record<string, any>;
const PD_CONFIG = { region: 'us' as const, severity: 'critical' as const };
const PD_KEY = { routingKey: 'e93facc04764012d7bfb002500d5d1a6' };

describe('PagerDuty Events API v2 alert payloads', () => {
  it('trigger: the documented trigger shape, dedup_key = incident id, summary/source/severity set', () => {
    const body = bodyOf(pagerdutyProvider.eventRequest(alert('alert.triggered', 'open'), PD_CONFIG, PD_KEY, ctx));
    const example = fixture('pagerduty-events-v2-trigger.json');
    // custom_details is free-form in the API (any JSON object): its keys are ours
    expect(
      shapeMismatches(
        { ...body, payload: { ...body.payload, custom_details: {} } },
        { ...example, payload: { ...example.payload, custom_details: {} } },
      ),
    ).toEqual([]);
    expect(body).toMatchObject({ routing_key: PD_KEY.routingKey, event_action: 'trigger', dedup_key: INCIDENT });
    expect(body.payload).toMatchObject({
      severity: 'critical',
      source: 'agent-monitoring/ws-1',
      component: 'Checkout <agent> errors & timeouts',
    });
    expect(body.payload.summary).toBe(
      '[Triggered] Checkout <agent> errors & timeouts: Error rate 43.21% over the last 15 min (threshold 5%).',
    );
    expect(body.payload.summary.length).toBeLessThanOrEqual(1024);
    expect(body.payload.custom_details).toMatchObject({ incidentId: INCIDENT, metric: 'error_rate', value: 0.4321, status: 'open' });
    for (const key of Object.keys(example).filter((k) => ['routing_key', 'event_action', 'dedup_key', 'payload'].includes(k)))
      expect(body).toHaveProperty(key);
  });

  it.each([
    ['alert.acknowledged', 'acknowledged', 'acknowledge', 'pagerduty-events-v2-acknowledge.json'],
    ['alert.resolved', 'resolved', 'resolve', 'pagerduty-events-v2-resolve.json'],
  ] as const)('%s: exactly the documented %s request, on the same dedup_key', (type, status, action, file) => {
    const body = bodyOf(pagerdutyProvider.eventRequest(alert(type, status), PD_CONFIG, PD_KEY, ctx));
    const example = fixture(file);
    expect(Object.keys(body).sort()).toEqual(Object.keys(example).sort());
    expect(shapeMismatches(body, example)).toEqual([]);
    expect(body).toEqual({ routing_key: PD_KEY.routingKey, dedup_key: INCIDENT, event_action: action });
  });
});

describe('Slack incoming webhook alert messages', () => {
  it.each([
    ['alert.triggered', 'open', '[Triggered]'],
    ['alert.acknowledged', 'acknowledged', '[Acknowledged]'],
    ['alert.resolved', 'resolved', '[Resolved]'],
  ] as const)('%s: text + blocks of the documented shape, escaped', (type, status, title) => {
    const req = slackProvider.eventRequest(alert(type, status), {}, { webhookUrl: 'https://hooks.slack.com/services/T/B/X' }, ctx);
    const body = bodyOf(req);
    expect(shapeMismatches(body, fixture('slack-incoming-webhook-blocks.json'))).toEqual([]);
    expect(body.blocks[0].text.text).toBe(`${title} Checkout <agent> errors & timeouts`);
    // mrkdwn text is escaped (the header is plain_text)
    expect(body.text).toContain('Checkout &lt;agent&gt; errors &amp; timeouts');
    expect(body.blocks[2].fields.map((f: { text: string }) => f.text)).toContain('*Status*\n' + status);
    expect(body.text.length).toBeLessThanOrEqual(3000);
  });
});

describe('webhook alert events', () => {
  it('body { type, timestamp, workspaceId, data } with the contract data, no routing fields', () => {
    const event = alert('alert.resolved', 'resolved');
    const body = bodyOf(
      webhookProvider.eventRequest(
        event,
        { url: 'https://example.com/hook', events: [] },
        { signingSecret: 'whsec_' + 'a'.repeat(44) },
        ctx,
      ),
    );
    expect(Object.keys(body).sort()).toEqual(['data', 'timestamp', 'type', 'workspaceId']);
    expect(Object.keys(body.data).sort()).toEqual([
      'incidentId',
      'metric',
      'ruleId',
      'ruleName',
      'status',
      'threshold',
      'value',
      'windowMinutes',
    ]);
    expect(webhookProvider.accepts(event, { url: 'https://example.com/hook', events: ['alert.triggered'] })).toBe(false);
    expect(webhookProvider.accepts(event, { url: 'https://example.com/hook', events: ['alert.resolved'] })).toBe(true);
  });
});
