import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DomainEvent, newEvent, TraceErrorData, UsageThresholdData } from '../src/common/events';
import { Queues } from '../src/common/queue/queue.module';
import { JobName, QueueName } from '../src/common/queue/queues';
import { Db } from '../src/database/db';
import { OutboxService } from '../src/common/outbox/outbox.service';
import { TestContext } from './support/context';
import { signup, SignedUp } from './support/factories';
import { configureIntegration, eventually, integrationsContext, Receiver } from './support/integrations-receiver';

/*
 * Alert delivery through the real path: outbox → relay → BullMQ alerts queue → provider, with a
 * worker in this process and real HTTP receivers on 127.0.0.1.
 */

const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);
const alnum = (n: number) =>
  randomBytes(n * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, n);

let t: TestContext;
let rx: Receiver;

beforeAll(async () => {
  ({ t, rx } = await integrationsContext(
    (req) => {
      if (req.path === '/v2/enqueue') return { status: 202, body: '{"status":"success"}' };
      if (req.path.endsWith('/gone')) return { status: 410, body: 'gone' };
      if (req.path.endsWith('/busy')) return { status: 503, body: 'try later' };
      return { status: 200, body: 'ok' };
    },
    { HEALTH_CHECK_INTERVAL_SECONDS: '3600' },
  )); // health checks have their own file; here they would only add requests
});
afterAll(async () => {
  await t?.close();
  await rx?.stop();
});

async function publish(event: DomainEvent<unknown>): Promise<string> {
  const outbox = t.app.get(OutboxService);
  return t.app.get(Db).transaction((tx) => outbox.publish(tx, event));
}

/** Several events in one outbox message (as an ingest batch publishes its trace.error events); the message ids. */
async function publishMany(events: DomainEvent<unknown>[]): Promise<string[]> {
  const outbox = t.app.get(OutboxService);
  return t.app.get(Db).transaction((tx) => outbox.publishMany(tx, events));
}

const traceError = (workspaceId: string, over: Partial<TraceErrorData> = {}) =>
  newEvent<TraceErrorData>('trace.error', workspaceId, {
    traceId: hex(32),
    spanId: hex(16),
    name: 'agent.run',
    statusMessage: 'tool <search> failed & gave up',
    startTime: new Date().toISOString(),
    ...over,
  });

interface DeliveryRow {
  integration_type: string;
  event_id: string;
  status: string;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
}

const deliveries = (workspaceId: string, eventId?: string) =>
  t.sql<DeliveryRow>(
    `SELECT integration_type, event_id, status, attempts, response_status, last_error FROM integration_deliveries
    WHERE workspace_id = $1 AND ($2::text IS NULL OR event_id = $2) ORDER BY integration_type`,
    [workspaceId, eventId ?? null],
  );

async function starter(o: SignedUp) {
  await t.sql(`INSERT INTO billing_config (workspace_id, plan, status) VALUES ($1, 'starter', 'active')`, [o.workspaceId]);
}

const put = (o: SignedUp, type: string, body: Record<string, unknown>) => configureIntegration(t, o, type, body);

/** Waits until the DispatchEvent job of an outbox row has finished, and returns its result. */
async function dispatched(outboxId: string) {
  const queue = t.worker!.get(Queues).get(QueueName.Alerts);
  return eventually(
    async () => {
      const job = await queue.getJob(outboxId);
      return job && (await job.getState()) === 'completed' ? (job.returnvalue as { deliveries: number }) : null;
    },
    { what: `dispatch of ${outboxId}` },
  );
}

describe('alert delivery', () => {
  it('fans an event out to each enabled integration that wants it, provider-shaped and signed, once each', async () => {
    const owner = await signup(t);
    await starter(owner);
    const prefix = `/${hex(8)}`;
    const hook = await put(owner, 'webhook', { config: { url: rx.url(`${prefix}/hook`), events: ['trace.error'] } });
    await put(owner, 'slack', { config: {}, credentials: { webhookUrl: rx.url(`${prefix}/slack`) } });
    await put(owner, 'custom', { config: { url: rx.url(`${prefix}/custom`), method: 'POST' } });
    const routingKey = alnum(32);
    await put(owner, 'pagerduty', { config: { region: 'us', severity: 'error' }, credentials: { routingKey } });
    await put(owner, 'datadog', { config: { site: 'datadoghq.com' }, credentials: { apiKey: hex(32) }, enabled: false });

    const event = traceError(owner.workspaceId);
    const outboxId = await publish(event);
    expect(await dispatched(outboxId)).toEqual({ deliveries: 4 });
    const rows = await eventually(
      async () => {
        const list = await deliveries(owner.workspaceId, event.id);
        return list.length === 4 && list.every((d) => d.status === 'delivered') ? list : null;
      },
      { what: 'four deliveries' },
    );
    expect(rows.map((r) => [r.integration_type, r.attempts, r.response_status])).toEqual([
      ['custom', 1, 200],
      ['pagerduty', 1, 202],
      ['slack', 1, 200],
      ['webhook', 1, 200],
    ]);

    const [webhookReq] = rx.on(`${prefix}/hook`);
    expect(rx.on(`${prefix}/hook`)).toHaveLength(1);
    expect(webhookReq.headers['webhook-id']).toBe(event.id);
    expect(new Webhook(hook.signingSecret).verify(webhookReq.body, webhookReq.headers as Record<string, string>)).toEqual({
      type: 'trace.error',
      timestamp: event.timestamp,
      workspaceId: owner.workspaceId,
      data: event.data,
    });

    const slack = JSON.parse(rx.on(`${prefix}/slack`)[0].body);
    expect(slack.text).toContain('Trace error: agent.run');
    expect(slack.text).toContain('tool &lt;search&gt; failed &amp; gave up');
    expect(JSON.stringify(slack.blocks)).toContain(event.data.traceId);

    const pd = rx
      .on('/v2/enqueue')
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.routing_key === routingKey);
    expect(pd).toEqual([
      expect.objectContaining({
        event_action: 'trigger',
        dedup_key: `agentobs:${owner.workspaceId}:trace:${event.data.traceId}`,
        payload: expect.objectContaining({ severity: 'error', component: 'agent.run', custom_details: event.data }),
      }),
    ]);
    expect(JSON.parse(rx.on(`${prefix}/custom`)[0].body)).toEqual({
      type: 'trace.error',
      timestamp: event.timestamp,
      workspaceId: owner.workspaceId,
      data: event.data,
    });
    expect(rx.on('/dd/')).toHaveLength(0); // (with the slash: the test's random path prefix may start with "dd")

    // the delivery log through the API
    const log = await t.http.get('/api/v1/integrations/webhook/deliveries', { token: owner.token });
    expect(log.body.data).toEqual([
      expect.objectContaining({
        eventId: event.id,
        eventType: 'trace.error',
        status: 'delivered',
        attempts: 1,
        responseStatus: 200,
        lastError: null,
        deliveredAt: expect.any(String),
      }),
    ]);

    // webhook receives only its config.events; the others get everything
    const usage = newEvent<UsageThresholdData>('usage.threshold', owner.workspaceId, {
      metric: 'traces',
      threshold: 80,
      used: 8000,
      limit: 10000,
      periodStart: '2026-01-01T00:00:00.000Z',
      periodEnd: '2026-02-01T00:00:00.000Z',
    });
    expect(await dispatched(await publish(usage))).toEqual({ deliveries: 3 });
    const usageRows = await eventually(
      async () => {
        const list = await deliveries(owner.workspaceId, usage.id);
        return list.every((d) => d.status === 'delivered') ? list : null;
      },
      { what: 'usage deliveries' },
    );
    expect(usageRows.map((r) => r.integration_type)).toEqual(['custom', 'pagerduty', 'slack']);
    expect(JSON.parse(rx.on(`${prefix}/slack`)[1].body).text).toContain('Monthly trace quota 80% used');

    // the same event published again is not delivered again
    const before = rx.requests.length;
    expect(await dispatched(await publish(event))).toEqual({ deliveries: 0 });
    expect(rx.requests.length).toBe(before);
    expect(rx.on(`${prefix}/hook`)).toHaveLength(1);
  });

  it("several events in one message (an ingest batch's trace.error events): each delivered once per integration", async () => {
    const owner = await signup(t);
    await starter(owner);
    const prefix = `/${hex(8)}`;
    await put(owner, 'webhook', { config: { url: rx.url(`${prefix}/hook`), events: ['trace.error'] } });
    await put(owner, 'custom', { config: { url: rx.url(`${prefix}/custom`), method: 'POST' } });
    const events = [traceError(owner.workspaceId), traceError(owner.workspaceId), traceError(owner.workspaceId)];
    const ids = await publishMany(events);
    expect(ids).toHaveLength(1); // one outbox row, one dispatch job
    expect(await dispatched(ids[0])).toEqual({ deliveries: 6 });
    const rows = await eventually(
      async () => {
        const list = await deliveries(owner.workspaceId);
        return list.length === 6 && list.every((d) => d.status === 'delivered') ? list : null;
      },
      { what: 'six deliveries' },
    );
    expect(new Set(rows.map((r) => `${r.event_id}.${r.integration_type}`)).size).toBe(6);
    const received = (path: string) =>
      rx
        .on(path)
        .map((r) => JSON.parse(r.body).data.traceId)
        .sort();
    const traceIds = events.map((e) => e.data.traceId).sort();
    expect(received(`${prefix}/hook`)).toEqual(traceIds);
    expect(received(`${prefix}/custom`)).toEqual(traceIds);
    // the message dispatched again (a relay retry) delivers nothing twice
    const again = await publishMany(events);
    expect(await dispatched(again[0])).toEqual({ deliveries: 0 });
    expect(received(`${prefix}/hook`)).toHaveLength(3);
  });

  it('survives a receiver that is down for a while: delivered after it comes back, once', async () => {
    const owner = await signup(t);
    const down = await Receiver.start();
    await down.stop();
    await put(owner, 'webhook', { config: { url: down.url('/hook') } });
    const event = traceError(owner.workspaceId);
    await publish(event);

    const failing = await eventually(
      async () => {
        const [d] = await deliveries(owner.workspaceId, event.id);
        return d && d.attempts >= 2 ? d : null;
      },
      { what: 'two failed attempts' },
    );
    expect(failing).toMatchObject({ status: 'pending', response_status: null, last_error: 'connection refused' });
    const log = await t.http.get('/api/v1/integrations/webhook/deliveries', { token: owner.token });
    expect(log.body.data[0]).toMatchObject({ status: 'pending', lastError: 'connection refused', deliveredAt: null });

    await down.start(); // same port
    try {
      const delivered = await eventually(
        async () => {
          const [d] = await deliveries(owner.workspaceId, event.id);
          return d.status === 'delivered' ? d : null;
        },
        { what: 'delivery after the receiver came back' },
      );
      expect(delivered.attempts).toBeGreaterThanOrEqual(3);
      expect(delivered).toMatchObject({ response_status: 200, last_error: null });
      expect(down.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      expect(JSON.parse(down.requests[0].body)).toMatchObject({ type: 'trace.error', data: event.data });
    } finally {
      await down.stop();
    }
  });

  it('a 429 with Retry-After is honoured: the next attempt waits that long, then delivers once', async () => {
    const owner = await signup(t);
    const limited = await Receiver.start((_req, index) =>
      index === 0 ? { status: 429, body: 'slow down', headers: { 'retry-after': '3' } } : { status: 200 },
    );
    try {
      await put(owner, 'webhook', { config: { url: limited.url('/hook') } });
      const event = traceError(owner.workspaceId);
      await publish(event);
      const delivered = await eventually(
        async () => {
          const [d] = await deliveries(owner.workspaceId, event.id);
          return d?.status === 'delivered' ? d : null;
        },
        { what: 'delivery after Retry-After', timeoutMs: 20_000 },
      );
      expect(delivered).toMatchObject({ attempts: 2, response_status: 200, last_error: null });
      const [first, second] = limited.requests;
      // the exponential schedule alone would retry after 0.5–1 s
      expect(second.at - first.at).toBeGreaterThanOrEqual(3000);
      expect(limited.requests).toHaveLength(2);
    } finally {
      await limited.stop();
    }
  });

  it('stops at once on a final answer (410 Gone) or a refused address, and records why', async () => {
    const owner = await signup(t);
    await put(owner, 'webhook', { config: { url: rx.url(`/${hex(6)}/gone`) } });
    // not in OUTBOUND_ALLOW_HOSTS (127.0.0.1 is): refused on the resolved loopback address
    await put(owner, 'custom', { config: { url: `http://localhost:${rx.port}/custom`, method: 'POST' } });
    const before = rx.on('/custom').length;
    const event = traceError(owner.workspaceId);
    await publish(event);
    const rows = await eventually(
      async () => {
        const list = await deliveries(owner.workspaceId, event.id);
        return list.length === 2 && list.every((d) => d.status === 'failed') ? list : null;
      },
      { what: 'two failed deliveries' },
    );
    expect(rows).toEqual([
      expect.objectContaining({
        integration_type: 'custom',
        attempts: 1,
        response_status: null,
        last_error: expect.stringMatching(/^refused: localhost resolves to loopback address/),
      }),
      expect.objectContaining({ integration_type: 'webhook', attempts: 1, response_status: 410, last_error: 'HTTP 410: gone' }),
    ]);
    expect(rx.on('/custom').length).toBe(before);
  });

  it('a delivery whose integration was disabled meanwhile is not sent', async () => {
    const owner = await signup(t);
    const down = await Receiver.start();
    await down.stop();
    await put(owner, 'webhook', { config: { url: down.url('/hook') } });
    const event = traceError(owner.workspaceId);
    await publish(event);
    await eventually(async () => (await deliveries(owner.workspaceId, event.id))[0]?.attempts >= 1, { what: 'a failed attempt' });
    expect((await t.http.delete('/api/v1/integrations/webhook', { token: owner.token })).status).toBe(204);
    await down.start();
    try {
      const [d] = await eventually(
        async () => {
          const list = await deliveries(owner.workspaceId, event.id);
          return list[0]?.status === 'failed' ? list : null;
        },
        { what: 'the delivery to fail' },
      );
      expect(d.last_error).toBe('integration was disabled before delivery');
      expect(down.requests).toHaveLength(0);
    } finally {
      await down.stop();
    }
  });

  it('the last attempt marks the delivery failed; so does a crash in it (failure hook)', async () => {
    const owner = await signup(t);
    await put(owner, 'webhook', { config: { url: rx.url(`/${hex(6)}/busy`) }, enabled: false });
    const [{ id: integrationId }] = await t.sql<{ id: string }>(`SELECT id FROM integrations_config WHERE workspace_id = $1`, [
      owner.workspaceId,
    ]);
    await t.http.post('/api/v1/integrations/webhook/enable', undefined, { token: owner.token });
    const queue = t.worker!.get(Queues).get(QueueName.Alerts);
    const addDelivery = async (id: string, event: DomainEvent<unknown>) => {
      await t.sql(
        `INSERT INTO integration_deliveries (id, workspace_id, integration_id, integration_type, event_id, event_type)
                   VALUES ($1, $2, $3, 'webhook', $4, $5)`,
        [id, owner.workspaceId, integrationId, event.id, event.type],
      );
    };
    // two attempts against a receiver answering 503
    const e1 = traceError(owner.workspaceId);
    const d1 = randomUUID();
    await addDelivery(d1, e1);
    await queue.add(JobName.DeliverAlert, { deliveryId: d1, integrationId, event: e1 }, { jobId: `${e1.id}.webhook`, attempts: 2 });
    const [failed] = await eventually(
      async () => {
        const list = await t.sql<DeliveryRow>(`SELECT * FROM integration_deliveries WHERE id = $1`, [d1]);
        return list[0].status === 'failed' ? list : null;
      },
      { what: 'final failure' },
    );
    expect(failed).toMatchObject({ attempts: 2, response_status: 503, last_error: 'HTTP 503: try later' });

    // an attempt that crashes (malformed job data) is recorded by the @OnJobFailed hook
    const e2 = traceError(owner.workspaceId);
    const d2 = randomUUID();
    await addDelivery(d2, e2);
    await queue.add(
      JobName.DeliverAlert,
      { deliveryId: d2, integrationId: 'not-a-uuid', event: e2 },
      { jobId: `${e2.id}.webhook`, attempts: 1 },
    );
    const [crashed] = await eventually(
      async () => {
        const list = await t.sql<DeliveryRow>(`SELECT * FROM integration_deliveries WHERE id = $1`, [d2]);
        return list[0].status === 'failed' ? list : null;
      },
      { what: 'failure hook' },
    );
    expect(crashed.attempts).toBe(0);
    expect(crashed.last_error).toMatch(/uuid/);
  });
});
