import { countRows, setTraceQuota } from './ingestion.helpers';
import { ExporterOptions, ExporterRun, runNodeExporter, sdkPayload, succeeded, wideTrace } from './otel/sdk';
import { exportResponse, expectStatus, gzip, OTLP_PATHS, postRaw, PROTOBUF, traceErrorEvents } from './otel/helpers';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, signup, SignedUp } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

async function owner(): Promise<SignedUp & { key: string }> {
  const o = await signup(t);
  return { ...o, key: (await createApiKey(t, o.token, 'member')).key };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** The Node agent's exporter settings: our alias endpoint, the key as a bearer token (the README's setup). */
const exporterFor = (key: string, over: Partial<ExporterOptions> = {}): ExporterOptions => ({
  endpoint: `${t.baseUrl}/v1/traces`,
  headers: `authorization=Bearer%20${key}`,
  protocol: 'http/protobuf',
  ...over,
});

/** Checks the stored trace against what `agentTrace` recorded. */
async function expectAgentTrace(token: string, ids: ExporterRun) {
  const res = await t.http.get(`/api/v1/traces/${ids.traceId}`, { token });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    traceId: ids.traceId,
    name: 'invoke_agent support-agent',
    status: 'error',
    spanCount: 5,
    totalTokens: 907,
  });
  const byId = new Map<string, any>(res.body.spans.map((s: any) => [s.spanId, s]));
  // the tree and the kinds, in start order
  expect(res.body.spans.map((s: any) => [s.spanId, s.parentSpanId, s.kind])).toEqual([
    [ids.agent, null, 'agent'],
    [ids.chat, ids.agent, 'llm'],
    [ids.tool, ids.agent, 'tool'],
    [ids.retrieval, ids.tool, 'retrieval'],
    [ids.failing, ids.agent, 'tool'],
  ]);
  const agent = byId.get(ids.agent);
  expect(agent).toMatchObject({ status: 'unset', model: null, usage: null, input: null, output: null });
  expect(agent.attributes).not.toHaveProperty(['span.kind']); // INTERNAL, the default
  expect(agent.attributes).toMatchObject({
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.agent.name': 'support-agent',
    'user.tier': 'pro',
    'otel.scope.name': 'agentobs-otel-e2e',
    'resource.service.name': 'support-bot',
    'resource.deployment.environment.name': 'test',
  });
  expect(new Date(agent.endTime).getTime() - new Date(agent.startTime).getTime()).toBe(2000);

  const chat = byId.get(ids.chat);
  expect(chat).toMatchObject({
    name: 'chat gpt-4o-mini',
    model: 'gpt-4o-mini-2024-07-18',
    usage: { inputTokens: 812, outputTokens: 95, totalTokens: 907 },
    status: 'unset',
    input: [{ role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] }],
    output: [{ role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }], finish_reason: 'stop' }],
  });
  // moved into model/usage/input/output; the request model and the rest stay
  expect(chat.attributes).toMatchObject({
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.request.temperature': 0.2,
    'span.kind': 'client',
    'otel.scope.version': '1.2.3',
  });
  for (const moved of [
    'gen_ai.response.model',
    'gen_ai.usage.input_tokens',
    'gen_ai.usage.output_tokens',
    'gen_ai.input.messages',
    'gen_ai.output.messages',
  ]) {
    expect(chat.attributes).not.toHaveProperty([moved]);
  }
  expect(byId.get(ids.tool)).toMatchObject({ input: { query: 'order 42' }, output: { status: 'shipped' } });
  expect(byId.get(ids.retrieval)).toMatchObject({
    kind: 'retrieval',
    input: 'order 42',
    attributes: expect.objectContaining({ 'retrieval.top_k': 5 }),
  });
  const failing = byId.get(ids.failing);
  expect(failing).toMatchObject({ status: 'error', statusMessage: 'SMTP 550: mailbox unavailable' });
  expect(failing.attributes['otel.events']).toEqual([
    expect.objectContaining({
      name: 'exception',
      attributes: expect.objectContaining({ 'exception.type': 'SmtpError', 'exception.message': 'mailbox unavailable' }),
    }),
  ]);
  return res.body;
}

describe('OTLP/HTTP with the OpenTelemetry JS SDK', () => {
  it('protobuf exporter at /v1/traces: a GenAI agent trace becomes the span model, and its error span raises one trace.error', async () => {
    const o = await owner();
    const ids = await runNodeExporter(exporterFor(o.key), 'agent');
    expect(succeeded(ids)).toBe(true);
    const stored = await expectAgentTrace(o.token, ids);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 5 });

    const events = await traceErrorEvents(t, o.workspaceId);
    expect(events).toHaveLength(1);
    expect(events[0].payload.event).toMatchObject({
      type: 'trace.error',
      workspaceId: o.workspaceId,
      data: {
        traceId: ids.traceId,
        spanId: ids.failing,
        name: 'execute_tool send_email',
        statusMessage: 'SMTP 550: mailbox unavailable',
        startTime: stored.spans[4].startTime,
      },
    });
    // another agent run: a second trace, a second alert
    const again = await runNodeExporter(exporterFor(o.key), 'agent');
    expect(succeeded(again)).toBe(true);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 10 });
    expect((await traceErrorEvents(t, o.workspaceId)).map((e) => e.payload.event.data.traceId).sort()).toEqual(
      [ids.traceId, again.traceId].sort(),
    );
  });

  it('JSON exporter with gzip and x-api-key at /api/v1/otel/v1/traces stores the same trace', async () => {
    const o = await owner();
    const ids = await runNodeExporter(
      exporterFor(o.key, {
        endpoint: `${t.baseUrl}/api/v1/otel/v1/traces`,
        headers: `x-api-key=${o.key}`,
        protocol: 'http/json',
        gzip: true,
      }),
      'agent',
    );
    expect(succeeded(ids)).toBe(true);
    await expectAgentTrace(o.key, ids);
    expect(await traceErrorEvents(t, o.workspaceId)).toHaveLength(1);
  });

  it("answers ExportTraceServiceResponse in the request's encoding: {} when all is stored, partialSuccess for refused spans", async () => {
    const o = await owner();
    const record = (traceOk: { id?: string }) => (tracer: Parameters<Parameters<typeof sdkPayload>[1]>[0]) => {
      const ok = tracer.startSpan('ok', { startTime: Date.now() - 1000 });
      ok.end();
      traceOk.id = ok.spanContext().traceId;
      // older than the longest retention: the span model refuses it
      tracer.startSpan('ancient', { startTime: Date.now() - 400 * 86400_000 }).end(Date.now() - 400 * 86400_000 + 10);
      // more than a day ahead (a skewed clock)
      tracer.startSpan('future', { startTime: Date.now() + 3 * 86400_000 }).end(Date.now() + 3 * 86400_000 + 10);
    };
    for (const [protocol, type] of [
      ['http/protobuf', PROTOBUF],
      ['http/json', 'application/json'],
    ] as const) {
      const okTrace: { id?: string } = {};
      const res = await postRaw(t, '/v1/traces', sdkPayload(protocol, record(okTrace)), { ...bearer(o.key), 'content-type': type });
      const body = exportResponse(res);
      expect(body.partialSuccess?.rejectedSpans).toBe(2);
      expect(body.partialSuccess?.errorMessage).toMatch(
        /^2 of 3 spans refused: span [0-9a-f]{16}: startTime must be within the last 365 days and at most 1 day ahead; span [0-9a-f]{16}: startTime must be within the last 365 days and at most 1 day ahead$/,
      );
      expect((await t.http.get(`/api/v1/traces/${okTrace.id}`, { token: o.key })).body.spans.map((s: any) => s.name)).toEqual(['ok']);

      const clean = await postRaw(
        t,
        '/v1/traces',
        sdkPayload(protocol, (tracer) => tracer.startSpan('fine').end()),
        { ...bearer(o.key), 'content-type': type },
      );
      expect(exportResponse(clean)).toEqual({});
      if (protocol === 'http/protobuf') expect(clean.body.length).toBe(0);
      else expect(clean.body.toString()).toBe('{}');
    }
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 4, spans: 4 });

    // many refusals: the count covers all, the message quotes the first five
    const ancient = sdkPayload('http/protobuf', (tracer) => {
      for (let i = 0; i < 7; i++)
        tracer.startSpan(`ancient-${i}`, { startTime: Date.now() - 400 * 86400_000 }).end(Date.now() - 400 * 86400_000 + 10);
    });
    const many = exportResponse(await postRaw(t, '/v1/traces', ancient, { ...bearer(o.key), 'content-type': PROTOBUF }));
    expect(many.partialSuccess?.rejectedSpans).toBe(7);
    expect(many.partialSuccess?.errorMessage).toMatch(
      /^7 of 7 spans refused: (span [0-9a-f]{16}: startTime must be within the last 365 days and at most 1 day ahead; ){5}…$/,
    );
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 4, spans: 4 });
  });

  it("keeps reads per workspace: another workspace's key gets 404 for the trace; a viewer key cannot export (403)", async () => {
    const a = await owner();
    const b = await owner();
    const ids = await runNodeExporter(exporterFor(a.key), 'agent');
    expect(succeeded(ids)).toBe(true);
    expect((await t.http.get(`/api/v1/traces/${ids.traceId}`, { token: a.key })).status).toBe(200);
    for (const token of [b.key, b.token]) {
      const other = await t.http.get(`/api/v1/traces/${ids.traceId}`, { token });
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'not_found' });
    }
    const viewerKey = (await createApiKey(t, a.token, 'viewer')).key;
    const viewer = await addMember(t, a, 'viewer');
    const member = await addMember(t, a, 'member');
    const payload = sdkPayload('http/protobuf', (tracer) => tracer.startSpan('x').end());
    for (const headers of [bearer(viewerKey), { 'x-api-key': viewerKey }, bearer(viewer.token)]) {
      for (const path of OTLP_PATHS)
        expectStatus(await postRaw(t, path, payload, { ...headers, 'content-type': PROTOBUF }), 403, 7, 'protobuf');
    }
    // a member's user token works too (the route is member+, API keys being the usual credential)
    expect(exportResponse(await postRaw(t, '/v1/traces', payload, { ...bearer(member.token), 'content-type': PROTOBUF }))).toEqual({});
    expect(await countRows(t, a.workspaceId)).toEqual({ traces: 2, spans: 6 });
  });

  it("refuses a bad credential with 401 google.rpc.Status in the request's encoding, on both paths and both headers", async () => {
    const o = await owner();
    const revoked = await createApiKey(t, o.token, 'member');
    expect((await t.http.delete(`/api/v1/api-keys/${revoked.id}`, { token: o.token })).status).toBe(204);
    for (const [protocol, type, encoding] of [
      ['http/protobuf', PROTOBUF, 'protobuf'],
      ['http/json', 'application/json', 'json'],
    ] as const) {
      const payload = sdkPayload(protocol, (tracer) => tracer.startSpan('x').end());
      for (const path of OTLP_PATHS) {
        const credentials: Record<string, string>[] = [
          {},
          bearer('ao_sk_not-a-real-key'),
          { 'x-api-key': 'ao_sk_not-a-real-key' },
          bearer(revoked.key),
          { authorization: 'Basic Zm9vOmJhcg==' },
        ];
        for (const headers of credentials) {
          const res = await postRaw(t, path, payload, { ...headers, 'content-type': type });
          const status = expectStatus(res, 401, 16, encoding);
          expect(status.message).not.toMatch(/ao_sk_not-a-real-key|Zm9v/);
        }
      }
    }
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 0, spans: 0 });
  });

  it('answers undecodable bodies with 400, other types and encodings with 415, oversized bodies with 413, and stores nothing', async () => {
    const o = await owner();
    const auth = bearer(o.key);
    const good = sdkPayload('http/protobuf', (tracer) => wideTrace(tracer, 3));
    const goodJson = sdkPayload('http/json', (tracer) => wideTrace(tracer, 3));
    for (const path of OTLP_PATHS) {
      // not protobuf at all; a valid request followed by garbage (nothing of it may be stored); wrong wire types
      for (const body of [
        Buffer.from('definitely not protobuf'),
        Buffer.concat([good, Buffer.from([0xff, 0xff, 0xff])]),
        Buffer.from([0x0a, 0x05, 0x01]),
      ]) {
        const status = expectStatus(await postRaw(t, path, body, { ...auth, 'content-type': PROTOBUF }), 400, 3, 'protobuf');
        expect(status.message).toMatch(/protobuf/);
      }
      expectStatus(await postRaw(t, path, '{"resourceSpans": [', { ...auth, 'content-type': 'application/json' }), 400, 3, 'json');
      const shape = expectStatus(
        await postRaw(t, path, JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 'x', attributes: 'nope' }] }] }] }), {
          ...auth,
          'content-type': 'application/json',
        }),
        400,
        3,
        'json',
      );
      expect(shape.message).toBe('resourceSpans[0].scopeSpans[0].spans[0].attributes must be an array');
      expectStatus(await postRaw(t, path, '[]', { ...auth, 'content-type': 'application/json' }), 400, 3, 'json');
      // gzip that is not gzip
      expectStatus(await postRaw(t, path, good, { ...auth, 'content-type': PROTOBUF, 'content-encoding': 'gzip' }), 400, 3, 'protobuf');

      // other content types (whatever the body) and encodings: 415, in JSON for an unknown type
      for (const type of ['text/plain', 'application/xml', 'application/protobuf', 'application/octet-stream']) {
        const status = expectStatus(await postRaw(t, path, goodJson, { ...auth, 'content-type': type }), 415, 3, 'json');
        expect(status.message).toMatch(/application\/x-protobuf or application\/json/);
      }
      expectStatus(await postRaw(t, path, good, { ...auth }), 415, 3, 'json');
      expectStatus(await postRaw(t, path, good, { ...auth, 'content-type': PROTOBUF, 'content-encoding': 'br' }), 415, 3, 'protobuf');

      // 5 MB after decompression, like native ingestion: a large body and a small gzip "bomb"
      const huge = sdkPayload('http/protobuf', (tracer) => {
        const s = tracer.startSpan('huge');
        s.setAttribute('blob', 'x'.repeat(5 * 1024 * 1024 + 10));
        s.end();
      });
      expectStatus(await postRaw(t, path, huge, { ...auth, 'content-type': PROTOBUF }), 413, 8, 'protobuf');
      expectStatus(
        await postRaw(t, path, gzip(huge), { ...auth, 'content-type': PROTOBUF, 'content-encoding': 'gzip' }),
        413,
        8,
        'protobuf',
      );
      const hugeJson = JSON.stringify({ resourceSpans: [], padding: 'y'.repeat(5 * 1024 * 1024 + 10) });
      expectStatus(
        await postRaw(t, path, gzip(hugeJson), { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' }),
        413,
        8,
        'json',
      );
    }
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 0, spans: 0 });
    // just under the limit is fine (gzip too), and an empty request is a success
    const big = sdkPayload('http/protobuf', (tracer) => {
      const s = tracer.startSpan('big');
      s.setAttribute('blob', 'x'.repeat(4 * 1024 * 1024));
      s.end();
    });
    expect(
      exportResponse(await postRaw(t, '/v1/traces', gzip(big), { ...auth, 'content-type': PROTOBUF, 'content-encoding': 'gzip' })),
    ).toEqual({});
    expect(exportResponse(await postRaw(t, '/v1/traces', Buffer.alloc(0), { ...auth, 'content-type': PROTOBUF }))).toEqual({});
    expect(exportResponse(await postRaw(t, '/v1/traces', '{}', { ...auth, 'content-type': 'application/json' }))).toEqual({});
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 1 });
  });

  it('the native endpoint still answers application/x-protobuf with 415 problem+json', async () => {
    const o = await owner();
    const res = await t.http.request('POST', '/api/v1/ingest', undefined, {
      token: o.key,
      raw: Buffer.from([0x0a, 0x00]),
      headers: { 'content-type': PROTOBUF },
    });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 415, code: 'unsupported_media_type' });
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('over the monthly trace quota the request is 402 (the exporter reports a failure) and nothing is stored', async () => {
    const o = await owner();
    await setTraceQuota(t, o.workspaceId, 2);
    const first = await runNodeExporter(exporterFor(o.key), 'wide', '2');
    expect(succeeded(first)).toBe(true);
    expect(succeeded(await runNodeExporter(exporterFor(o.key), 'wide', '2'))).toBe(true);
    // a third trace passes the quota of 2: the exporter gets a non-retryable failure
    const refused = await runNodeExporter(exporterFor(o.key), 'wide', '1');
    expect(refused.results).toEqual([{ code: 1, httpStatus: 402, error: 'Payment Required' }]);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 4 });

    const raw = await postRaw(
      t,
      '/api/v1/otel/v1/traces',
      sdkPayload('http/json', (tracer) => wideTrace(tracer, 1)),
      { ...bearer(o.key), 'content-type': 'application/json' },
    );
    expect(expectStatus(raw, 402, 8, 'json').message).toMatch(/2/);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 4 });

    // spans of counted traces are still accepted (a child of the first trace's root, as a remote parent)
    const [root] = await t.sql<{ span_id: string }>(
      'SELECT span_id FROM spans WHERE workspace_id = $1 AND trace_id = $2 AND parent_span_id IS NULL',
      [o.workspaceId, first.traceId],
    );
    expect(succeeded(await runNodeExporter(exporterFor(o.key), 'child', first.traceId, root.span_id))).toBe(true);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 5 });
  });

  it('stores requests of more than 1000 spans 1000 at a time; the quota refusing a later batch refuses only its spans', async () => {
    const o = await owner();
    const big = await runNodeExporter(exporterFor(o.key), 'wide', '1500', '3000');
    expect(big.results).toEqual([{ code: 0 }]);
    expect((await t.http.get(`/api/v1/traces/${big.traceId}`, { token: o.key })).body.spanCount).toBe(1500);

    await setTraceQuota(t, o.workspaceId, 2);
    const payload = sdkPayload('http/protobuf', (tracer) => {
      wideTrace(tracer, 1000);
      wideTrace(tracer, 1000);
    });
    const res = exportResponse(await postRaw(t, '/api/v1/otel/v1/traces', payload, { ...bearer(o.key), 'content-type': PROTOBUF }));
    expect(res.partialSuccess?.rejectedSpans).toBe(1000);
    expect(res.partialSuccess?.errorMessage).toMatch(/^1000 of 2000 spans refused: 1000 spans: .*quota/i);
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 2, spans: 2500 });
  });

  it('ignores Idempotency-Key (exports are idempotent by span id): a resent request is processed and answered in protobuf', async () => {
    const o = await owner();
    const payload = sdkPayload('http/protobuf', (tracer) => wideTrace(tracer, 2));
    for (let i = 0; i < 2; i++) {
      const res = await postRaw(t, '/v1/traces', payload, { ...bearer(o.key), 'content-type': PROTOBUF, 'idempotency-key': 'same-key' });
      expect(exportResponse(res)).toEqual({});
      expect(res.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(await countRows(t, o.workspaceId)).toEqual({ traces: 1, spans: 2 });
  });

  it('maps OpenInference spans too (kind, model, token counts, input/output values), PII-masked like native spans', async () => {
    const o = await owner();
    expect((await t.http.put('/api/v1/workspace', { settings: { piiMasking: true } }, { token: o.token })).status).toBe(200);
    const run = await runNodeExporter(exporterFor(o.key), 'openinference');
    expect(succeeded(run)).toBe(true);
    const got = await t.http.get(`/api/v1/traces/${run.traceId}`, { token: o.key });
    expect(got.body.spans[0]).toMatchObject({
      kind: 'llm',
      model: 'gpt-4.1',
      usage: { inputTokens: 30, outputTokens: 7, totalTokens: 37 },
      status: 'ok',
      input: { messages: [{ role: 'user', content: 'hi' }] },
      output: 'hello! write to [redacted]',
    });
    expect(got.body.spans[0].attributes).toMatchObject({ 'openinference.span.kind': 'LLM' });
    // the flattened messages are a second copy of the input: never kept in attributes
    expect(got.body.spans[0].attributes).not.toHaveProperty(['llm.input_messages.0.message.content']);
    expect(got.body.spans[0].attributes).not.toHaveProperty(['input.value']);
  });

  it('is documented in the OpenAPI document: both paths, protobuf and JSON bodies, google.rpc.Status errors', async () => {
    const doc = (await t.http.get('/docs/openapi.json')).body;
    for (const [path, operationId] of [
      ['/api/v1/otel/v1/traces', 'otlpExportTraces'],
      ['/v1/traces', 'otlpExportTracesAlias'],
    ]) {
      const op = doc.paths[path].post;
      expect(op.operationId).toBe(operationId);
      expect(Object.keys(op.requestBody.content).sort()).toEqual(['application/json', PROTOBUF]);
      expect(op.requestBody.content[PROTOBUF].schema).toMatchObject({ type: 'string', format: 'binary' });
      expect(op.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/OtlpExportTraceRequestDto');
      expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/OtlpExportTraceResponseDto');
      for (const status of ['400', '401', '402', '403', '413', '415', '429']) {
        expect(op.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/OtlpStatusDto');
        expect(op.responses[status].content[PROTOBUF].schema.format).toBe('binary');
      }
      expect(op.security).toEqual(expect.arrayContaining([{ bearer: [] }, { 'x-api-key': [] }]));
    }
  });
});

describe('OTLP rate limit', () => {
  let limited: TestContext;
  beforeAll(async () => {
    limited = await createTestContext({ env: { INGEST_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('shares the ingest bucket; past it 429 google.rpc.Status with Retry-After', async () => {
    const o = await signup(limited);
    const key = (await createApiKey(limited, o.token, 'member')).key;
    const payload = sdkPayload('http/protobuf', (tracer) => tracer.startSpan('x').end());
    expect(exportResponse(await postRaw(limited, '/v1/traces', payload, { 'x-api-key': key, 'content-type': PROTOBUF }))).toEqual({});
    expect((await limited.http.post('/api/v1/ingest', { spans: [] }, { token: key })).status).toBe(200);
    for (const [path, type, encoding] of [
      ['/v1/traces', PROTOBUF, 'protobuf'],
      ['/api/v1/otel/v1/traces', 'application/json', 'json'],
    ] as const) {
      const body = encoding === 'protobuf' ? payload : sdkPayload('http/json', (tracer) => tracer.startSpan('x').end());
      const res = await postRaw(limited, path, body, { ...bearer(key), 'content-type': type });
      expectStatus(res, 429, 8, encoding);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});
