import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { Queues } from '../src/common/queue/queue.module';
import { JobName, QueueName } from '../src/common/queue/queues';
import { evaluationSlot } from '../src/modules/alerts/alerts.processor';
import { ingest, isoUs, newSpanId, newTraceId, span } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { assertBuilt, Proc, startWorker } from './support/processes';
import { addMember, expectProblem, signup, SignedUp } from './support/factories';
import { configureIntegration, eventually, integrationsContext, Receiver } from './support/integrations-receiver';

/*
 * Alert rules and incidents (API.md): every status code and validation of the endpoints, the metrics over trace
 * summaries, the incident lifecycle (open → acknowledged → resolved, auto-resolve after two clear evaluations,
 * reminders until acknowledged), and delivery to PagerDuty, Slack and webhooks through the real outbox, queue and
 * HTTP receivers, once per event per integration.
 */

let t: TestContext;
let rx: Receiver;

beforeAll(async () => {
  ({ t, rx } = await integrationsContext(
    (req) => (req.path === '/v2/enqueue' ? { status: 202, body: '{"status":"success"}' } : { status: 200, body: 'ok' }),
    // the scheduled evaluation is tested in its own describe (its own context); here only evaluate-now runs
    { HEALTH_CHECK_INTERVAL_SECONDS: '3600', ALERT_EVALUATION_INTERVAL_SECONDS: '86400' },
  ));
});
afterAll(async () => {
  await t?.close();
  await rx?.stop();
});

const RULE = { name: 'Agent errors', metric: 'error_rate', windowMinutes: 15, operator: '>', threshold: 0.4, integrations: [] as string[] };
const post = (o: SignedUp, path: string, body?: unknown) => t.http.post(path, body ?? {}, { token: o.token });
const createRule = async (o: SignedUp, over: Record<string, unknown> = {}) => {
  const res = await post(o, '/api/v1/alert-rules', { ...RULE, ...over });
  if (res.status !== 201) throw new Error(`create rule: ${res.status} ${res.text}`);
  return res.body as { id: string };
};
const evaluate = async (o: SignedUp, id: string) => {
  const res = await post(o, `/api/v1/alert-rules/${id}/evaluate`);
  if (res.status !== 200) throw new Error(`evaluate: ${res.status} ${res.text}`);
  return res.body as { value: number; breached: boolean; incidentId: string | null };
};

/** One-span traces started `agoMs` ago: `errors` with status error among `count`, each `durationMs` long. */
function traces(
  count: number,
  o: { errors?: number; agoMs?: number; durationMs?: number; name?: string; kind?: string; model?: string; costUsd?: number } = {},
) {
  const start = Date.now() - (o.agoMs ?? 60_000);
  return Array.from({ length: count }, (_, i) =>
    span({
      traceId: newTraceId(),
      spanId: newSpanId(),
      name: o.name ?? 'agent.run',
      kind: o.kind ?? 'agent',
      startTime: isoUs(start),
      endTime: isoUs(start + (o.durationMs ?? 100) * (i + 1)),
      status: i < (o.errors ?? 0) ? 'error' : 'ok',
      ...(o.model ? { model: o.model } : {}),
      ...(o.costUsd !== undefined ? { costUsd: o.costUsd } : {}),
    }),
  );
}

async function send(o: SignedUp, spans: unknown[]) {
  const res = await ingest(t, o.token, spans);
  if (res.status !== 200 || res.body.accepted !== spans.length) throw new Error(`ingest: ${res.status} ${res.text}`);
}

async function starter(o: SignedUp) {
  await t.sql(`INSERT INTO billing_config (workspace_id, plan, status) VALUES ($1, 'starter', 'active')`, [o.workspaceId]);
}

describe('alert rules: CRUD and validation', () => {
  let owner: SignedUp;
  beforeAll(async () => {
    owner = await signup(t);
  });

  it('creates a rule (201) with the contract fields, lists it, changes it (200) and deletes it (204)', async () => {
    const res = await post(owner, '/api/v1/alert-rules', { ...RULE, filter: { name: 'agent', kind: 'agent', model: 'gpt-4o' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Agent errors',
      metric: 'error_rate',
      windowMinutes: 15,
      operator: '>',
      threshold: 0.4,
      filter: { name: 'agent', kind: 'agent', model: 'gpt-4o' },
      integrations: [],
      enabled: true,
      createdAt: expect.any(String),
      lastEvaluatedAt: null,
      lastValue: null,
    });
    const id = res.body.id;
    const list = await t.http.get('/api/v1/alert-rules', { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { id: string }) => r.id)).toContain(id);
    expect(list.body).toHaveProperty('nextCursor');

    const patched = await t.http.patch(`/api/v1/alert-rules/${id}`, { threshold: 0.1, enabled: false, filter: {} }, { token: owner.token });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, threshold: 0.1, enabled: false, filter: {}, windowMinutes: 15 });

    expect((await t.http.delete(`/api/v1/alert-rules/${id}`, { token: owner.token })).status).toBe(204);
    expectProblem(await t.http.delete(`/api/v1/alert-rules/${id}`, { token: owner.token }), 404, 'not_found');
    expectProblem(await t.http.patch(`/api/v1/alert-rules/${id}`, { threshold: 1 }, { token: owner.token }), 404, 'not_found');
    expectProblem(await post(owner, `/api/v1/alert-rules/${id}/evaluate`), 404, 'not_found');

    const audit = await t.sql<{ action: string }>(
      `SELECT action FROM audit_logs WHERE workspace_id = $1 AND target_id = $2 ORDER BY created_at`,
      [owner.workspaceId, id],
    );
    expect(audit.map((a) => a.action)).toEqual(['alert_rule.created', 'alert_rule.updated', 'alert_rule.deleted']);
  });

  it.each([
    ['windowMinutes below 5', { windowMinutes: 4 }, 'windowMinutes'],
    ['windowMinutes above 1440', { windowMinutes: 1441 }, 'windowMinutes'],
    ['windowMinutes not an integer', { windowMinutes: 5.5 }, 'windowMinutes'],
    ['an unknown metric', { metric: 'p99_latency_ms' }, 'metric'],
    ['an unknown operator', { operator: '>=' }, 'operator'],
    ['a threshold that is not a number', { threshold: '0.5' }, 'threshold'],
    ['a missing name', { name: undefined }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a name over 100 characters', { name: 'x'.repeat(101) }, 'name'],
    ['an unknown integration type', { integrations: ['email'] }, 'integrations'],
    ['integrations that is not an array', { integrations: 'slack' }, 'integrations'],
    ['an unknown filter kind', { filter: { kind: 'robot' } }, 'filter.kind'],
    ['an unknown filter field', { filter: { status: 'error' } }, 'filter.status'],
    ['an unknown field', { severity: 'high' }, 'severity'],
    ['enabled that is not a boolean', { enabled: 'yes' }, 'enabled'],
  ])('POST with %s → 400', async (_what, over, field) => {
    const res = await post(owner, '/api/v1/alert-rules', { ...RULE, ...over });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('an integration type that is not configured → 400 naming it; configured (even disabled) → 201', async () => {
    const res = await post(owner, '/api/v1/alert-rules', { ...RULE, integrations: ['slack'] });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([{ field: 'integrations', message: expect.stringContaining('slack') }]);
    await configureIntegration(t, owner, 'webhook', { config: { url: rx.url('/crud-hook'), events: [] }, enabled: false });
    expect((await post(owner, '/api/v1/alert-rules', { ...RULE, integrations: ['webhook'] })).status).toBe(201);
    const rule = await createRule(owner);
    expectProblem(
      await t.http.patch(`/api/v1/alert-rules/${rule.id}`, { integrations: ['pagerduty'] }, { token: owner.token }),
      400,
      'validation_failed',
    );
  });

  it('PATCH validates like POST; ids that are not UUIDs → 404 (as everywhere); no credential → 401; roles → 403', async () => {
    const rule = await createRule(owner);
    for (const body of [{ windowMinutes: 1441 }, { operator: '=' }, { metric: 'x' }, { threshold: null }, { unknown: 1 }]) {
      expectProblem(await t.http.patch(`/api/v1/alert-rules/${rule.id}`, body, { token: owner.token }), 400, 'validation_failed');
    }
    expectProblem(await t.http.patch('/api/v1/alert-rules/not-a-uuid', { threshold: 1 }, { token: owner.token }), 404, 'not_found');
    expectProblem(await post(owner, '/api/v1/incidents/not-a-uuid/resolve'), 404, 'not_found');
    expectProblem(await t.http.get('/api/v1/alert-rules'), 401, 'unauthenticated');
    const member = await addMember(t, owner, 'member');
    expectProblem(await post(member, '/api/v1/alert-rules', RULE), 403, 'forbidden');
    expectProblem(await post(member, `/api/v1/alert-rules/${rule.id}/evaluate`), 403, 'forbidden');
    // another workspace's rule does not exist for the caller
    const other = await signup(t);
    expectProblem(await t.http.patch(`/api/v1/alert-rules/${rule.id}`, { threshold: 1 }, { token: other.token }), 404, 'not_found');
    expect((await t.http.get('/api/v1/alert-rules', { token: other.token })).body.data).toEqual([]);
  });

  it('list paging and query validation: limit 1..100, bad cursor and status → 400', async () => {
    await createRule(owner);
    const page = await t.http.get('/api/v1/alert-rules?limit=1', { token: owner.token });
    expect(page.body.data).toHaveLength(1);
    const next = await t.http.get(`/api/v1/alert-rules?limit=1&cursor=${page.body.nextCursor}`, { token: owner.token });
    expect(next.body.data[0].id).not.toBe(page.body.data[0].id);
    expectProblem(await t.http.get('/api/v1/alert-rules?limit=0', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/alert-rules?cursor=%%%', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/incidents?status=closed', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/incidents?limit=101', { token: owner.token }), 400, 'validation_failed');
  });
});

describe('evaluation: metrics over trace summaries', () => {
  it('error_rate, trace_count, cost_usd and p95_latency_ms over the window, with filters; 0 with no traces', async () => {
    const o = await signup(t);
    const empty = await createRule(o, { metric: 'error_rate', operator: '<', threshold: -1 });
    expect(await evaluate(o, empty.id)).toEqual({ value: 0, breached: false, incidentId: null });

    // in the window: 10 agent traces (4 errors, 100..1000 ms, $0.5 each, gpt-4o); 5 tool traces; outside: 20 old ones
    await send(o, traces(10, { errors: 4, costUsd: 0.5, model: 'gpt-4o', name: 'Checkout Agent' }));
    await send(o, traces(5, { kind: 'tool', name: 'search' }));
    await send(o, traces(20, { errors: 20, agoMs: 30 * 60_000 }));

    const value = async (metric: string, filter?: Record<string, string>) =>
      (
        await evaluate(
          o,
          (await createRule(o, { metric, windowMinutes: 15, operator: '>', threshold: 1e9, ...(filter ? { filter } : {}) })).id,
        )
      ).value;
    expect(await value('trace_count')).toBe(15);
    expect(await value('error_rate')).toBeCloseTo(4 / 15, 10);
    expect(await value('error_rate', { kind: 'agent' })).toBeCloseTo(0.4, 10);
    expect(await value('trace_count', { name: 'checkout' })).toBe(10);
    expect(await value('trace_count', { name: '%' })).toBe(0);
    expect(await value('trace_count', { model: 'gpt-4o' })).toBe(10);
    expect(await value('trace_count', { model: 'gpt-4' })).toBe(0);
    expect(await value('cost_usd')).toBeCloseTo(5, 6);
    // agent durations 100..1000 and tool 100..500: p95 by linear interpolation (percentile_cont)
    const durations = [...Array.from({ length: 10 }, (_, i) => 100 * (i + 1)), ...Array.from({ length: 5 }, (_, i) => 100 * (i + 1))].sort(
      (a, b) => a - b,
    );
    const rank = 0.95 * (durations.length - 1);
    const p95 = durations[Math.floor(rank)] + (rank % 1) * (durations[Math.ceil(rank)] - durations[Math.floor(rank)]);
    expect(await value('p95_latency_ms')).toBeCloseTo(p95, 3);
    expect(await value('trace_count', {})).toBe(15);
    // a 60-minute window sees the old traces too
    expect((await evaluate(o, (await createRule(o, { metric: 'trace_count', windowMinutes: 60, threshold: 1e9 })).id)).value).toBe(35);

    const listed = (await t.http.get('/api/v1/alert-rules?limit=100', { token: o.token })).body.data.find(
      (r: { id: string }) => r.id === empty.id,
    );
    expect(listed.lastValue).toBe(0);
    expect(Date.parse(listed.lastEvaluatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('incidents: lifecycle', () => {
  it('a breach opens one incident; acknowledge, resolve, 409 on transitions that do not apply, 404 elsewhere', async () => {
    const o = await signup(t);
    await send(o, traces(5, { errors: 5 }));
    const rule = await createRule(o, { name: 'All failing' });
    const first = await evaluate(o, rule.id);
    expect(first).toEqual({ value: 1, breached: true, incidentId: expect.any(String) });
    // still breached: the same incident (at most one open or acknowledged per rule)
    expect(await evaluate(o, rule.id)).toEqual({ value: 1, breached: true, incidentId: first.incidentId });
    const list = await t.http.get('/api/v1/incidents', { token: o.token });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      {
        id: first.incidentId,
        ruleId: rule.id,
        ruleName: 'All failing',
        status: 'open',
        value: 1,
        threshold: 0.4,
        windowMinutes: 15,
        openedAt: expect.any(String),
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
      },
    ]);

    const viewer = await addMember(t, o, 'viewer');
    expectProblem(await post(viewer, `/api/v1/incidents/${first.incidentId}/acknowledge`), 403, 'forbidden');
    const member = await addMember(t, o, 'member');
    const acked = await post(member, `/api/v1/incidents/${first.incidentId}/acknowledge`);
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({
      status: 'acknowledged',
      acknowledgedBy: { type: 'user', id: member.userId },
      acknowledgedAt: expect.any(String),
    });
    expectProblem(await post(member, `/api/v1/incidents/${first.incidentId}/acknowledge`), 409, 'conflict');
    const resolved = await post(member, `/api/v1/incidents/${first.incidentId}/resolve`);
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: { type: 'user', id: member.userId } });
    expectProblem(await post(member, `/api/v1/incidents/${first.incidentId}/resolve`), 409, 'conflict');
    expectProblem(await post(member, `/api/v1/incidents/${first.incidentId}/acknowledge`), 409, 'conflict');
    expectProblem(await post(member, `/api/v1/incidents/${randomUUID()}/resolve`), 404, 'not_found');
    const other = await signup(t);
    expectProblem(await post(other, `/api/v1/incidents/${first.incidentId}/resolve`), 404, 'not_found');

    // still breached after a manual resolve: the next evaluation opens a new incident
    const again = await evaluate(o, rule.id);
    expect(again.incidentId).not.toBe(first.incidentId);
    const open = await t.http.get('/api/v1/incidents?status=open', { token: o.token });
    expect(open.body.data.map((i: { id: string }) => i.id)).toEqual([again.incidentId]);
    const done = await t.http.get('/api/v1/incidents?status=resolved', { token: o.token });
    expect(done.body.data.map((i: { id: string }) => i.id)).toEqual([first.incidentId]);

    const audit = await t.sql<{ action: string; target_id: string }>(
      `SELECT action, target_id FROM audit_logs WHERE workspace_id = $1 AND target_type = 'incident' ORDER BY created_at`,
      [o.workspaceId],
    );
    expect(audit).toEqual([
      { action: 'incident.acknowledged', target_id: first.incidentId },
      { action: 'incident.resolved', target_id: first.incidentId },
    ]);

    // deleting the rule resolves its open incident
    expect((await t.http.delete(`/api/v1/alert-rules/${rule.id}`, { token: o.token })).status).toBe(204);
    const after = await t.http.get('/api/v1/incidents?status=resolved', { token: o.token });
    expect(after.body.data.find((i: { id: string }) => i.id === again.incidentId)).toMatchObject({
      status: 'resolved',
      resolvedBy: { type: 'user', id: o.userId },
    });
  });

  it('resolves by itself after two clear evaluations in a row (a breach in between starts over)', async () => {
    const o = await signup(t);
    await send(o, traces(3));
    const rule = await createRule(o, { metric: 'trace_count', operator: '>', threshold: 2 });
    const { incidentId } = await evaluate(o, rule.id);
    expect(incidentId).toEqual(expect.any(String));
    await t.http.patch(`/api/v1/alert-rules/${rule.id}`, { threshold: 10 }, { token: o.token });
    expect(await evaluate(o, rule.id)).toEqual({ value: 3, breached: false, incidentId });
    await t.http.patch(`/api/v1/alert-rules/${rule.id}`, { threshold: 2 }, { token: o.token });
    expect((await evaluate(o, rule.id)).incidentId).toBe(incidentId);
    await t.http.patch(`/api/v1/alert-rules/${rule.id}`, { threshold: 10 }, { token: o.token });
    expect((await evaluate(o, rule.id)).incidentId).toBe(incidentId);
    expect(await evaluate(o, rule.id)).toEqual({ value: 3, breached: false, incidentId: null });
    const [incident] = (await t.http.get('/api/v1/incidents', { token: o.token })).body.data;
    expect(incident).toMatchObject({ id: incidentId, status: 'resolved', resolvedBy: { type: 'system', id: null } });
  });
});

describe('delivery to PagerDuty, Slack and webhooks', () => {
  it('each event reaches each of the rule’s integrations once, provider-shaped: PagerDuty trigger/acknowledge/resolve on one dedup_key', async () => {
    const o = await signup(t);
    await starter(o);
    const prefix = `/${randomBytes(4).toString('hex')}`;
    const routingKey = randomBytes(16).toString('hex');
    const hook = await configureIntegration(t, o, 'webhook', { config: { url: rx.url(`${prefix}/hook`), events: [] } });
    await configureIntegration(t, o, 'slack', { config: {}, credentials: { webhookUrl: rx.url(`${prefix}/slack`) } });
    await configureIntegration(t, o, 'pagerduty', { config: { region: 'us', severity: 'critical' }, credentials: { routingKey } });
    // enabled but not one of the rule's integrations: receives nothing
    await configureIntegration(t, o, 'custom', { config: { url: rx.url(`${prefix}/custom`), method: 'POST' } });
    // ok traces only: error traces would also send trace.error to every enabled integration
    await send(o, traces(4));
    const rule = await createRule(o, {
      name: 'Checkout errors',
      metric: 'trace_count',
      threshold: 3,
      integrations: ['webhook', 'slack', 'pagerduty'],
    });
    // each change waits for its deliveries, as an incident's changes come minutes apart (events of one incident are
    // delivered independently: an acknowledgement made within milliseconds of the trigger may overtake it)
    const delivered = (n: number) =>
      eventually(async () => {
        const [row] = await t.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM integration_deliveries WHERE workspace_id = $1 AND status = 'delivered'`,
          [o.workspaceId],
        );
        return row.n >= n;
      });
    const { incidentId } = await evaluate(o, rule.id);
    await evaluate(o, rule.id); // still breached: nothing new
    await delivered(3);
    await post(o, `/api/v1/incidents/${incidentId}/acknowledge`);
    await delivered(6);
    await post(o, `/api/v1/incidents/${incidentId}/resolve`);

    const pd = () => rx.requests.filter((r) => r.path === '/v2/enqueue' && JSON.parse(r.body).routing_key === routingKey);
    await eventually(() => pd().length >= 3 && rx.on(`${prefix}/slack`).length >= 3 && rx.on(`${prefix}/hook`).length >= 3, {
      what: 'three events at each integration',
    });
    const rows = await eventually(
      async () => {
        const list = await t.sql<{ integration_type: string; event_type: string; status: string }>(
          `SELECT integration_type, event_type, status FROM integration_deliveries WHERE workspace_id = $1 ORDER BY integration_type, created_at`,
          [o.workspaceId],
        );
        return list.length === 9 && list.every((d) => d.status === 'delivered') ? list : null;
      },
      { what: 'nine delivered deliveries' },
    );
    expect(rows.map((r) => `${r.integration_type} ${r.event_type}`).sort()).toEqual(
      ['pagerduty', 'slack', 'webhook']
        .flatMap((type) => ['alert.acknowledged', 'alert.resolved', 'alert.triggered'].map((e) => `${type} ${e}`))
        .sort(),
    );

    const pdBodies = pd().map((r) => JSON.parse(r.body));
    expect(pdBodies.map((b) => [b.event_action, b.dedup_key])).toEqual([
      ['trigger', incidentId],
      ['acknowledge', incidentId],
      ['resolve', incidentId],
    ]);
    expect(pdBodies[0].payload).toMatchObject({
      severity: 'critical',
      summary: expect.stringContaining('Checkout errors'),
      component: 'Checkout errors',
    });

    const slack = rx.on(`${prefix}/slack`).map((r) => JSON.parse(r.body));
    expect(slack.map((m) => m.blocks[0].text.text)).toEqual([
      '[Triggered] Checkout errors',
      '[Acknowledged] Checkout errors',
      '[Resolved] Checkout errors',
    ]);
    expect(slack[0].text).toContain('Trace count 4');

    const wh = new Webhook(hook.signingSecret);
    const hooks = rx.on(`${prefix}/hook`).map((r) => {
      wh.verify(r.body, r.headers as Record<string, string>); // throws on a bad signature
      return JSON.parse(r.body);
    });
    const data = {
      incidentId,
      ruleId: rule.id,
      ruleName: 'Checkout errors',
      metric: 'trace_count',
      value: 4,
      threshold: 3,
      windowMinutes: 15,
    };
    expect(hooks.map((h) => [h.type, h.data])).toEqual([
      ['alert.triggered', { ...data, status: 'open' }],
      ['alert.acknowledged', { ...data, status: 'acknowledged' }],
      ['alert.resolved', { ...data, status: 'resolved' }],
    ]);
    expect(hooks[0]).toEqual({
      type: 'alert.triggered',
      timestamp: expect.any(String),
      workspaceId: o.workspaceId,
      data: expect.any(Object),
    });
    expect(rx.on(`${prefix}/custom`)).toHaveLength(0);
  });

  it('reminds while the incident stays open, and stops once it is acknowledged', async () => {
    const o = await signup(t);
    const prefix = `/${randomBytes(4).toString('hex')}`;
    await configureIntegration(t, o, 'webhook', {
      config: { url: rx.url(`${prefix}/hook`), events: ['alert.triggered', 'alert.acknowledged'] },
    });
    await send(o, traces(2, { errors: 2 }));
    const rule = await createRule(o, { integrations: ['webhook'] });
    const { incidentId } = await evaluate(o, rule.id);
    const age = () => t.sql(`UPDATE alert_incidents SET notified_at = now() - interval '2 hours' WHERE id = $1`, [incidentId]);
    await age();
    await evaluate(o, rule.id); // past ALERT_REMINDER_INTERVAL_MINUTES (60): a reminder
    await evaluate(o, rule.id); // just reminded: nothing
    await post(o, `/api/v1/incidents/${incidentId}/acknowledge`);
    await age();
    await evaluate(o, rule.id); // acknowledged: no reminder
    await eventually(() => rx.on(`${prefix}/hook`).length >= 3, { what: 'trigger, reminder and acknowledgement' });
    // every outbox message has been relayed and dispatched by now: nothing more may arrive
    await eventually(async () => {
      const [row] = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM integration_deliveries WHERE workspace_id = $1 AND status <> 'delivered'`,
        [o.workspaceId],
      );
      return row.n === 0;
    });
    expect(rx.on(`${prefix}/hook`).map((r) => JSON.parse(r.body).type)).toEqual([
      'alert.triggered',
      'alert.triggered',
      'alert.acknowledged',
    ]);
  });
});

describe('scheduled evaluation with two worker processes', () => {
  let t2: TestContext;
  let rx2: Receiver;
  const workers: Proc[] = [];

  beforeAll(async () => {
    assertBuilt();
    rx2 = await Receiver.start(() => ({ status: 200, body: 'ok' }));
    const env = {
      ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
      HEALTH_CHECK_INTERVAL_SECONDS: '3600',
      ALERT_EVALUATION_INTERVAL_SECONDS: '2',
    };
    t2 = await createTestContext({ env }); // the API only; the workers are two `node dist/src/worker.js` processes
    for (let i = 0; i < 2; i++) {
      workers.push(
        await startWorker({
          ...env,
          DATABASE_URL: t2.databaseUrl,
          REDIS_URL: t2.config.redisUrl,
          REDIS_PREFIX: t2.config.redisPrefix,
          LOG_LEVEL: 'info',
        }),
      );
    }
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await t2?.close();
    await rx2?.stop();
  });

  it('evaluates each rule once per interval and delivers each event once, however many runs start', async () => {
    const o = await signup(t2);
    const prefix = `/${randomBytes(4).toString('hex')}`;
    await configureIntegration(t2, o, 'webhook', { config: { url: rx2.url(`${prefix}/hook`), events: [] } });
    await send2(t2, o, traces(3));
    const rules: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t2.http.post(
        '/api/v1/alert-rules',
        { ...RULE, name: `rule ${i}`, metric: 'trace_count', threshold: 2, integrations: ['webhook'] },
        { token: o.token },
      );
      rules.push(res.body.id);
    }
    // the slot the rules were created in (the runs of earlier slots found fewer of them, or none)
    const createdSlot = evaluationSlot(Date.now(), t2.config.alertEvaluationIntervalSeconds);
    // besides the scheduler's run, both workers get extra runs at once: the rules are still claimed once per slot
    const queue = t2.app.get(Queues).get(QueueName.AlertEvaluation);
    await queue.addBulk(Array.from({ length: 6 }, () => ({ name: JobName.EvaluateAlertRules, data: {} })));
    const incidents = await eventually(
      async () => {
        const rows = await t2.sql<{ rule_id: string }>(`SELECT rule_id FROM alert_incidents WHERE workspace_id = $1`, [o.workspaceId]);
        return rows.length >= 5 ? rows : null;
      },
      { what: 'an incident per rule', timeoutMs: 20_000 },
    );
    expect(incidents.map((r) => r.rule_id).sort()).toEqual([...rules].sort());
    /** Rules evaluated per slot by the completed runs (each run returns its report). */
    const perSlot = async () => {
      const counts = new Map<number, number>();
      for (const j of await queue.getJobs(['completed'], 0, 1000)) {
        const r = j.returnvalue as { slot: number; rules: number };
        counts.set(r.slot, (counts.get(r.slot) ?? 0) + r.rules);
      }
      return counts;
    };
    // two more intervals with both workers evaluating: each evaluates the 5 rules (a slow setup may span several
    // slots whose runs found fewer rules or none, so only slots after the rules' creation count)
    await eventually(async () => [...(await perSlot())].filter(([slot, n]) => slot > createdSlot && n === 5).length >= 2, {
      what: 'two evaluation intervals of the 5 rules after their creation',
      timeoutMs: 20_000,
    });
    // however many runs started, a slot's runs together evaluated each rule at most once
    for (const [slot, n] of await perSlot()) expect({ slot, atMostOnce: n <= 5 }).toEqual({ slot, atMostOnce: true });
    // one incident per rule, one alert.triggered per incident at the webhook
    await eventually(() => rx2.on(`${prefix}/hook`).length >= 5, { what: 'five triggers' });
    await eventually(async () => {
      const [row] = await t2.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM integration_deliveries WHERE workspace_id = $1 AND status <> 'delivered'`,
        [o.workspaceId],
      );
      return row.n === 0;
    });
    const received = rx2.on(`${prefix}/hook`).map((r) => JSON.parse(r.body));
    expect(received.map((b) => b.type)).toEqual(Array(5).fill('alert.triggered'));
    expect(new Set(received.map((b) => b.data.incidentId)).size).toBe(5);
    const [count] = await t2.sql<{ n: number }>(`SELECT count(*)::int AS n FROM alert_incidents WHERE workspace_id = $1`, [o.workspaceId]);
    expect(count.n).toBe(5);
  });
});

async function send2(ctx: TestContext, o: SignedUp, spans: unknown[]) {
  const res = await ingest(ctx, o.token, spans);
  if (res.status !== 200) throw new Error(`ingest: ${res.status} ${res.text}`);
}
