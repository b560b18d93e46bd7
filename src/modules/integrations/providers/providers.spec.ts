import { Webhook } from 'standardwebhooks';
import { newEvent, TraceErrorData, UsageThresholdData } from '../../../common/events';
import type { OutboundResponse } from '../../../common/http/outbound-http';
import { OutboundHttp } from '../../../common/http/outbound-http';
import { headerMapProblem, isSigningSecret, parseSentryDsn } from '../dto/validators';
import { customProvider } from './custom.provider';
import { datadogApiBase, datadogProvider } from './datadog.provider';
import { pagerdutyDedupKey, pagerdutyEventsUrl, pagerdutyProvider } from './pagerduty.provider';
import { mask, ProviderContext, standardVerdict } from './provider';
import { sentryEnvelopeUrl, sentryEventId, sentryProvider } from './sentry.provider';
import { slackProvider } from './slack.provider';
import { generateSigningSecret, webhookProvider } from './webhook.provider';

const ctx: ProviderContext = { appUrl: 'https://app.example.com', http: new OutboundHttp() };
const res = (status: number, body = ''): OutboundResponse => ({ status, body, headers: {}, truncated: false, latencyMs: 5 });
const trace = (traceId = 'a'.repeat(32)) =>
  newEvent<TraceErrorData>('trace.error', 'ws-1', {
    traceId,
    spanId: 'b'.repeat(16),
    name: 'tool.search',
    statusMessage: 'timeout <after> 30s & gave up',
    startTime: '2026-01-01T00:00:00.000Z',
  }) as never;
const usage = (threshold: 80 | 100) =>
  newEvent<UsageThresholdData>('usage.threshold', 'ws-1', {
    metric: 'traces',
    threshold,
    used: 10_000,
    limit: 10_000,
    periodStart: '2026-01-01T00:00:00.000Z',
    periodEnd: '2026-02-01T00:00:00.000Z',
  }) as never;

describe('mask', () => {
  it('shows at most the last 4 characters, fewer for short secrets', () => {
    expect(mask('0123456789abcdef')).toBe('••••cdef');
    expect(mask('01234567')).toBe('••••67');
    expect(mask('short')).toBe('••••');
  });
});

describe('standardVerdict', () => {
  it('retries 5xx, 408 and 429, not other 4xx', () => {
    expect(standardVerdict(res(202))).toEqual({ ok: true, retryable: false });
    expect(standardVerdict(res(503, ' down\n for maintenance '))).toEqual({
      ok: false,
      retryable: true,
      error: 'HTTP 503: down for maintenance',
    });
    expect(standardVerdict(res(429)).retryable).toBe(true);
    expect(standardVerdict(res(408)).retryable).toBe(true);
    expect(standardVerdict(res(400, 'bad')).retryable).toBe(false);
  });
});

describe('slack', () => {
  it('escapes mrkdwn and builds text + blocks; the channel override when set', () => {
    const req = slackProvider.eventRequest(trace(), { channel: '#ops' }, { webhookUrl: 'https://hooks.slack.com/services/T/B/X' }, ctx);
    const body = JSON.parse(req.body as string);
    expect(req).toMatchObject({ url: 'https://hooks.slack.com/services/T/B/X', method: 'POST' });
    expect(body.channel).toBe('#ops');
    expect(body.text).toBe(':red_circle: Trace error: tool.search: timeout &lt;after&gt; 30s &amp; gave up');
    expect(body.blocks[3].elements[0].text).toContain(
      '<https://app.example.com/dashboard/traces/' + 'a'.repeat(32) + '|Open in Agent Monitoring>',
    );
    expect(JSON.parse(slackProvider.eventRequest(usage(100), {}, { webhookUrl: 'x' }, ctx).body as string).channel).toBeUndefined();
  });

  it('health: a live hook refuses an empty message (400 no_text); revoked hooks answer 403/404/410', () => {
    expect(slackProvider.healthRequest({}, { webhookUrl: 'u' }, ctx)).toMatchObject({ method: 'POST', body: '{}' });
    expect(slackProvider.interpret(res(400, 'no_text'), 'health').ok).toBe(true);
    expect(slackProvider.interpret(res(400, 'invalid_payload'), 'health').ok).toBe(true);
    expect(slackProvider.interpret(res(404, 'no_service'), 'health')).toEqual({
      ok: false,
      retryable: false,
      error: 'HTTP 404: no_service',
    });
    expect(slackProvider.interpret(res(403, 'invalid_token'), 'health').ok).toBe(false);
    expect(slackProvider.interpret(res(400, 'no_text'), 'event').ok).toBe(false);
  });

  it('requires https://hooks.slack.com/services/… unless the host is allow-listed', () => {
    expect(slackProvider.check({}, { webhookUrl: 'https://hooks.slack.com/services/T/B/X' }, ctx)).toEqual([]);
    expect(slackProvider.check({}, { webhookUrl: 'https://hooks.slack.com/other' }, ctx)).toHaveLength(1);
    expect(slackProvider.check({}, { webhookUrl: 'http://hooks.slack.com/services/T/B/X' }, ctx)).toHaveLength(1);
    const local: ProviderContext = { ...ctx, http: new OutboundHttp({ allowHosts: ['127.0.0.1:9000'] }) };
    expect(slackProvider.check({}, { webhookUrl: 'http://127.0.0.1:9000/anything' }, local)).toEqual([]);
  });
});

describe('pagerduty', () => {
  it("uses the region's Events API v2 endpoint unless PAGERDUTY_EVENTS_URL replaces it", () => {
    expect(pagerdutyEventsUrl('us', {})).toBe('https://events.pagerduty.com/v2/enqueue');
    expect(pagerdutyEventsUrl('eu', {})).toBe('https://events.eu.pagerduty.com/v2/enqueue');
    expect(pagerdutyEventsUrl('eu', { pagerdutyEventsUrl: 'http://127.0.0.1:9/' })).toBe('http://127.0.0.1:9/v2/enqueue');
    expect(pagerdutyEventsUrl('us', { pagerdutyEventsUrl: 'http://127.0.0.1:9/pd/enqueue' })).toBe('http://127.0.0.1:9/pd/enqueue');
  });

  it('triggers with one dedup key per trace and per quota threshold', () => {
    const a = trace('c'.repeat(32));
    const b = trace('c'.repeat(32));
    expect(pagerdutyDedupKey(a)).toBe(pagerdutyDedupKey(b));
    expect(pagerdutyDedupKey(a)).not.toBe(pagerdutyDedupKey(trace('d'.repeat(32))));
    expect(pagerdutyDedupKey(usage(80))).not.toBe(pagerdutyDedupKey(usage(100)));
    const body = JSON.parse(
      pagerdutyProvider.eventRequest(a, { region: 'eu', severity: 'warning' }, { routingKey: 'R'.repeat(32) }, ctx).body as string,
    );
    expect(body).toMatchObject({
      routing_key: 'R'.repeat(32),
      event_action: 'trigger',
      dedup_key: pagerdutyDedupKey(a),
      payload: { severity: 'warning', source: 'agent-monitoring/ws-1', component: 'tool.search', class: 'trace.error' },
    });
    expect(body.payload.summary.length).toBeLessThanOrEqual(1024);
    const health = JSON.parse(
      pagerdutyProvider.healthRequest({ region: 'us', severity: 'info' }, { routingKey: 'R'.repeat(32) }, ctx).body as string,
    );
    expect(health).toEqual({ routing_key: 'R'.repeat(32), event_action: 'resolve', dedup_key: 'agentobs-health-check' });
  });
});

describe('sentry', () => {
  it('parses DSNs (with path prefix and legacy secret) into the envelope endpoint and auth header', () => {
    const dsn = parseSentryDsn('https://0123456789abcdef0123456789abcdef:fedcba9876543210fedcba9876543210@sentry.example.com/prefix/42');
    expect(dsn).toMatchObject({
      host: 'sentry.example.com',
      pathPrefix: '/prefix',
      projectId: '42',
      secretKey: 'fedcba9876543210fedcba9876543210',
    });
    expect(sentryEnvelopeUrl(dsn!)).toBe('https://sentry.example.com/prefix/api/42/envelope/');
    expect(parseSentryDsn('https://sentry.example.com/42')).toBeNull();
    expect(parseSentryDsn('https://0123456789abcdef0123456789abcdef@sentry.example.com/')).toBeNull();
    const req = sentryProvider.eventRequest(trace(), {}, { dsn: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/7' }, ctx);
    expect(req.url).toBe('https://o1.ingest.sentry.io/api/7/envelope/');
    expect(req.headers['x-sentry-auth']).toBe(
      'Sentry sentry_version=7, sentry_client=agentobs-integrations/1.0, sentry_key=0123456789abcdef0123456789abcdef',
    );
  });

  it('sends one event whose id derives from the event (retries deduplicate), grouped per span name', () => {
    const event = trace();
    const lines = (
      sentryProvider.eventRequest(event, { environment: 'prod' }, { dsn: 'https://0123456789abcdef0123456789abcdef@h/7' }, ctx)
        .body as string
    )
      .trim()
      .split('\n');
    const [header, item, payload] = lines.map((l) => JSON.parse(l));
    expect(header.event_id).toBe(sentryEventId(event));
    expect(header.event_id).toBe((event as { id: string }).id.replace(/-/g, ''));
    expect(item).toEqual({ type: 'event', content_type: 'application/json', length: Buffer.byteLength(lines[2]) });
    expect(payload).toMatchObject({
      level: 'error',
      environment: 'prod',
      fingerprint: ['agentobs', 'trace.error', 'tool.search'],
      tags: { trace_id: 'a'.repeat(32), 'agentobs.event_type': 'trace.error' },
    });
    expect(sentryEventId({ ...(event as object), id: 'not-a-uuid' } as never)).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('datadog', () => {
  it("posts Events API v2 to the site's API (or DATADOG_API_URL) with DD-API-KEY", () => {
    expect(datadogApiBase('datadoghq.eu', {})).toBe('https://api.datadoghq.eu');
    expect(datadogApiBase('us3.datadoghq.com', {})).toBe('https://api.us3.datadoghq.com');
    expect(datadogApiBase('datadoghq.com', { datadogApiUrl: 'http://127.0.0.1:9/dd/' })).toBe('http://127.0.0.1:9/dd');
    const req = datadogProvider.eventRequest(usage(80), { site: 'ap1.datadoghq.com' }, { apiKey: 'k'.repeat(32) }, ctx);
    expect(req).toMatchObject({ url: 'https://api.ap1.datadoghq.com/api/v2/events', headers: { 'dd-api-key': 'k'.repeat(32) } });
    expect(JSON.parse(req.body as string).data.attributes).toMatchObject({
      title: 'Monthly trace quota 80% used',
      category: 'alert',
      attributes: { status: 'warn', priority: '3' },
    });
    expect(datadogProvider.healthRequest({ site: 'datadoghq.com' }, { apiKey: 'k' }, ctx)).toMatchObject({
      method: 'GET',
      url: 'https://api.datadoghq.com/api/v1/validate',
    });
  });
});

describe('webhook', () => {
  it('signs per Standard Webhooks with the secret; the verifier accepts it and rejects another secret', () => {
    const secret = generateSigningSecret();
    expect(isSigningSecret(secret)).toBe(true);
    const event = trace();
    const req = webhookProvider.eventRequest(event, { url: 'https://example.com/h', events: [] }, { signingSecret: secret }, ctx);
    expect(req.headers['webhook-id']).toBe((event as { id: string }).id);
    expect(new Webhook(secret).verify(req.body as string, req.headers)).toMatchObject({ type: 'trace.error', workspaceId: 'ws-1' });
    expect(() => new Webhook(generateSigningSecret()).verify(req.body as string, req.headers)).toThrow();
  });

  it('receives only config.events (all when empty); integration.test always', () => {
    expect(webhookProvider.accepts(trace(), { url: 'u', events: [] })).toBe(true);
    expect(webhookProvider.accepts(trace(), { url: 'u', events: ['usage.threshold'] })).toBe(false);
    expect(webhookProvider.accepts(usage(80), { url: 'u', events: ['usage.threshold'] })).toBe(true);
    expect(
      webhookProvider.accepts(newEvent('integration.test', 'w', { message: 'x' }) as never, { url: 'u', events: ['usage.threshold'] }),
    ).toBe(true);
  });

  it('keeps, takes or generates the signing secret', () => {
    expect(webhookProvider.prepareCredentials(undefined, { signingSecret: 'whsec_x' })).toEqual({
      credentials: { signingSecret: 'whsec_x' },
    });
    expect(webhookProvider.prepareCredentials({ signingSecret: 'whsec_y' }, { signingSecret: 'whsec_x' })).toEqual({
      credentials: { signingSecret: 'whsec_y' },
    });
    const generated = webhookProvider.prepareCredentials({} as never, { signingSecret: 'whsec_x' });
    expect(generated.reveal).toBe(generated.credentials?.signingSecret);
    expect(isSigningSecret(generated.reveal)).toBe(true);
  });

  it('retries every failure but 410; health is any answer below 500', () => {
    expect(webhookProvider.interpret(res(400), 'event')).toMatchObject({ ok: false, retryable: true });
    expect(webhookProvider.interpret(res(410), 'event')).toMatchObject({ ok: false, retryable: false });
    expect(webhookProvider.interpret(res(405), 'health').ok).toBe(true);
    expect(webhookProvider.interpret(res(502), 'health').ok).toBe(false);
  });
});

describe('custom', () => {
  it('sends the event JSON with plain and secret headers; our headers cannot be overridden', () => {
    const req = customProvider.eventRequest(
      trace(),
      { url: 'https://x.example/a', method: 'PUT', headers: { 'X-Team': 'ml' } },
      { headers: { Authorization: 'Bearer s' } },
      ctx,
    );
    expect(req).toMatchObject({
      method: 'PUT',
      headers: { 'X-Team': 'ml', Authorization: 'Bearer s', 'content-type': 'application/json', 'x-agentobs-event-type': 'trace.error' },
    });
    expect(JSON.parse(req.body as string)).toMatchObject({ type: 'trace.error', workspaceId: 'ws-1', data: { spanId: 'b'.repeat(16) } });
    expect(customProvider.mask({ headers: { Authorization: 'Bearer 0123456789abcdef' } })).toEqual({
      headers: { Authorization: '••••cdef' },
    });
  });

  it('refuses a header set both as plain and as secret', () => {
    expect(
      customProvider.check({ url: 'https://x.example', method: 'POST', headers: { 'X-Key': 'a' } }, { headers: { 'x-key': 'b' } }, ctx),
    ).toEqual([expect.objectContaining({ field: 'config.headers' })]);
  });
});

describe('validators', () => {
  it('header maps: names are tokens, no CR/LF, no framing or hop-by-hop headers, at most 20', () => {
    expect(headerMapProblem({ 'X-Ok': 'v' })).toBeNull();
    expect(headerMapProblem({ 'X Bad': 'v' })).toMatch(/invalid header name/);
    expect(headerMapProblem({ 'X-Ok': 'a\nb' })).toMatch(/invalid value/);
    expect(headerMapProblem({ 'Content-Length': '1' })).toMatch(/content-length/);
    expect(headerMapProblem(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-${i}`, 'v'])))).toMatch(/at most 20/);
    expect(headerMapProblem(['a'])).toMatch(/object/);
  });

  it('signing secrets: whsec_ + 24..64 base64 bytes', () => {
    expect(isSigningSecret(`whsec_${Buffer.alloc(24).toString('base64')}`)).toBe(true);
    expect(isSigningSecret(`whsec_${Buffer.alloc(16).toString('base64')}`)).toBe(false);
    expect(isSigningSecret('secret')).toBe(false);
  });
});
