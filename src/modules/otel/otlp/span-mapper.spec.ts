import { jsonForStorage, JsonText, LIMITS, normalizeSpan } from '../../ingestion/span-model';
import { maskPii } from '../../ingestion/pii';
import { Attributes, OtlpEvent, OtlpSpan } from './otlp-request';
import { mapRequest, mapSpan as mapOne, resourceEntries } from './span-mapper';

const mapSpan = (s: OtlpSpan, resource: Attributes, scopeName: string, scopeVersion: string) =>
  mapOne(s, resourceEntries(resource), scopeName, scopeVersion);

const T0 = Date.UTC(2026, 0, 31, 12, 0, 0);
const NOW = T0 + 3600_000;

function otlpSpan(over: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    parentSpanId: '',
    traceState: '',
    name: 'step',
    kind: 1,
    startUs: T0 * 1000,
    endUs: (T0 + 250) * 1000,
    attributes: {},
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
    ...over,
  };
}
/** The span body as the ingestion path sees its values (JsonText content compares by the JSON it holds). */
const plain = (span: Record<string, unknown>) => JSON.parse(JSON.stringify(span)) as Record<string, any>;
const map = (over: Partial<OtlpSpan> = {}, resource: Attributes = {}) => plain(mapSpan(otlpSpan(over), resource, '', '').span);
const withAttrs = (attributes: Attributes, over: Partial<OtlpSpan> = {}) => map({ attributes, ...over });
const event = (name: string, attributes: Attributes = {}, timeUs: number | null = (T0 + 10) * 1000): OtlpEvent => ({
  name,
  timeUs,
  attributes,
});
/** ISO-8601 with six fraction digits of an epoch-ms instant, as the mapper writes span times */
const isoUs = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');

describe('mapSpan', () => {
  it('maps ids, times, status and OTLP metadata; the span model accepts the result', () => {
    const mapped = mapSpan(
      otlpSpan({ parentSpanId: '53995c3f42cd8ad8', kind: 3, traceState: 'v=1', statusCode: 2, statusMessage: 'boom' }),
      { 'service.name': 'bot' },
      'openai-instrumentation',
      '0.5.0',
    );
    expect(mapped.ref).toBe('span 00f067aa0ba902b7');
    expect(mapped.span).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      parentSpanId: '53995c3f42cd8ad8',
      name: 'step',
      kind: 'other',
      startTime: isoUs(T0),
      endTime: isoUs(T0 + 250),
      status: 'error',
      statusMessage: 'boom',
      attributes: {
        'otel.scope.name': 'openai-instrumentation',
        'otel.scope.version': '0.5.0',
        'span.kind': 'client',
        'otel.trace_state': 'v=1',
        'resource.service.name': 'bot',
      },
    });
    expect(normalizeSpan(mapped.span, NOW)).toMatchObject({
      status: 'error',
      startUs: T0 * 1000,
      endUs: (T0 + 250) * 1000,
      parentSpanId: '53995c3f42cd8ad8',
    });
  });

  it("maps the status codes; an error without a message takes the exception event's", () => {
    expect(map({ statusCode: 0 })).toMatchObject({ status: 'unset' });
    expect(map({ statusCode: 1 })).toMatchObject({ status: 'ok' });
    expect(map({ statusCode: 1 })).not.toHaveProperty('statusMessage');
    const error = map({
      statusCode: 2,
      events: [event('exception', { 'exception.type': 'TimeoutError', 'exception.message': 'upstream took 30 s' })],
    });
    expect(error).toMatchObject({ status: 'error', statusMessage: 'TimeoutError: upstream took 30 s' });
    expect(map({ statusCode: 2 })).not.toHaveProperty('statusMessage');
  });

  it('leaves out endTime for a span still running and names an unnamed span', () => {
    const span = map({ endUs: null, name: '' });
    expect(span).not.toHaveProperty('endTime');
    expect(span.name).toBe('(unnamed)');
    expect(map({ startUs: null }).startTime).toBeNull();
  });

  it.each([
    [{ 'gen_ai.operation.name': 'chat' }, 'llm'],
    [{ 'gen_ai.operation.name': 'text_completion' }, 'llm'],
    [{ 'gen_ai.operation.name': 'generate_content' }, 'llm'],
    [{ 'gen_ai.operation.name': 'embeddings' }, 'embedding'],
    [{ 'gen_ai.operation.name': 'execute_tool' }, 'tool'],
    [{ 'gen_ai.operation.name': 'invoke_agent' }, 'agent'],
    [{ 'gen_ai.operation.name': 'create_agent' }, 'agent'],
    [{ 'gen_ai.operation.name': 'chat', 'openinference.span.kind': 'TOOL' }, 'llm'],
    [{ 'openinference.span.kind': 'LLM' }, 'llm'],
    [{ 'openinference.span.kind': 'EMBEDDING' }, 'embedding'],
    [{ 'openinference.span.kind': 'TOOL' }, 'tool'],
    [{ 'openinference.span.kind': 'AGENT' }, 'agent'],
    [{ 'openinference.span.kind': 'RETRIEVER' }, 'retrieval'],
    [{ 'openinference.span.kind': 'RERANKER' }, 'reranker'],
    [{ 'openinference.span.kind': 'CHAIN' }, 'chain'],
    [{ 'openinference.span.kind': 'GUARDRAIL' }, 'guardrail'],
    [{ 'openinference.span.kind': 'EVALUATOR' }, 'evaluator'],
    [{ 'llm.request.type': 'embedding' }, 'embedding'],
    [{ 'llm.request.type': 'rerank' }, 'reranker'],
    [{ 'traceloop.span.kind': 'workflow' }, 'chain'],
    [{ 'traceloop.span.kind': 'tool' }, 'tool'],
    [{ 'llm.request.type': 'chat' }, 'llm'],
    [{ 'gen_ai.request.model': 'gpt-4o' }, 'llm'],
    [{ 'gen_ai.operation.name': 'something_new' }, 'other'],
    [{ 'http.method': 'GET' }, 'other'],
    [{ 'gen_ai.operation.name': 'constructor', 'openinference.span.kind': '__proto__', 'traceloop.span.kind': 'toString' }, 'other'],
  ])('kind of %j is %s', (attributes, kind) => {
    expect(withAttrs(attributes as Attributes).kind).toBe(kind);
  });

  it('takes the model from the response, then the request (GenAI), then OpenInference; the source key leaves attributes', () => {
    const both = withAttrs({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' });
    expect(both.model).toBe('gpt-4o-2024-08-06');
    expect(both.attributes).toEqual({ 'gen_ai.request.model': 'gpt-4o' });
    expect(withAttrs({ 'gen_ai.request.model': 'gpt-4o' }).model).toBe('gpt-4o');
    expect(withAttrs({ 'llm.model_name': 'claude-3-5-sonnet' }).model).toBe('claude-3-5-sonnet');
    expect(withAttrs({ 'gen_ai.request.model': 'm'.repeat(LIMITS.model + 10) }).model).toHaveLength(LIMITS.model);
    expect(withAttrs({ 'gen_ai.request.model': 42 })).not.toHaveProperty('model');
  });

  it('maps token usage from GenAI (current and older names) and OpenInference; invalid counts stay attributes', () => {
    expect(withAttrs({ 'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 95 }).usage).toEqual({
      inputTokens: 812,
      outputTokens: 95,
    });
    expect(withAttrs({ 'gen_ai.usage.prompt_tokens': 3, 'gen_ai.usage.completion_tokens': '4' }).usage).toEqual({
      inputTokens: 3,
      outputTokens: 4,
    });
    expect(withAttrs({ 'llm.token_count.prompt': 30, 'llm.token_count.completion': 7, 'llm.token_count.total': 40 }).usage).toEqual({
      inputTokens: 30,
      outputTokens: 7,
      totalTokens: 40,
    });
    const bad = withAttrs({ 'gen_ai.usage.input_tokens': -1, 'gen_ai.usage.output_tokens': 1.5 });
    expect(bad).not.toHaveProperty('usage');
    expect(bad.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': -1, 'gen_ai.usage.output_tokens': 1.5 });
    const span = withAttrs({ 'gen_ai.usage.input_tokens': 10 });
    expect(normalizeSpan(span, NOW).usage).toEqual({ inputTokens: 10, outputTokens: 0, totalTokens: 10 });
  });

  it('maps input/output from GenAI message attributes (JSON strings parsed), OpenInference values and tool calls', () => {
    const chat = withAttrs({
      'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
      'gen_ai.output.messages': [{ role: 'assistant', parts: [] }] as never,
      'gen_ai.system_instructions': 'be nice',
    });
    expect(chat.input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(chat.output).toEqual([{ role: 'assistant', parts: [] }]);
    expect(chat.attributes).toEqual({ 'gen_ai.system_instructions': 'be nice' });

    const oi = withAttrs({
      'input.value': '{"q":1}',
      'input.mime_type': 'application/json',
      'output.value': 'plain text',
      'output.mime_type': 'text/plain',
    });
    expect(oi).toMatchObject({ input: { q: 1 }, output: 'plain text' });
    expect(oi).not.toHaveProperty('attributes');
    expect(withAttrs({ 'input.value': '{not json' }).input).toBe('{not json');

    expect(withAttrs({ 'gen_ai.tool.call.arguments': '{"city":"Kyiv"}', 'gen_ai.tool.call.result': '21°C' })).toMatchObject({
      input: { city: 'Kyiv' },
      output: '21°C',
    });
    // the best source wins; the others stay in attributes
    const both = withAttrs({ 'gen_ai.input.messages': '[]', 'input.value': 'other' });
    expect(both.input).toEqual([]);
    expect(both.attributes).toMatchObject({ 'input.value': 'other' });
  });

  it('maps OpenInference llm.cost.total to costUsd (number or decimal string); anything else stays an attribute', () => {
    const costed = (v: unknown) => map({ attributes: { 'llm.cost.total': v as never } });
    expect(costed(0.0125).costUsd).toBe(0.0125);
    expect(costed('0.5').costUsd).toBe(0.5);
    expect(costed(0.0125).attributes).toBeUndefined();
    for (const bad of [-1, 'lots', 2e6, true]) {
      const s = costed(bad);
      expect(s.costUsd).toBeUndefined();
      expect((s.attributes as Record<string, unknown>)['llm.cost.total']).toEqual(bad);
    }
  });

  it('collects indexed message attributes (OpenLLMetry gen_ai.prompt.N.*, OpenInference llm.*_messages.N.message.*)', () => {
    const span = withAttrs({
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'question',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'rules',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'answer',
      'gen_ai.completion.0.tool_calls.0.name': 'search',
      'gen_ai.prompt.x.role': 'ignored',
      'gen_ai.prompt.01.role': 'ignored too',
    });
    expect(span.input).toEqual([
      { role: 'system', content: 'rules' },
      { role: 'user', content: 'question' },
    ]);
    expect(span.output).toEqual([{ role: 'assistant', content: 'answer', 'tool_calls.0.name': 'search' }]);
    expect(span.attributes).toEqual({ 'gen_ai.prompt.x.role': 'ignored', 'gen_ai.prompt.01.role': 'ignored too' });

    const oi = withAttrs({
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'hi',
      'llm.output_messages.0.message.content': 'yo',
    });
    expect(oi).toMatchObject({ input: [{ role: 'user', content: 'hi' }], output: [{ content: 'yo' }] });
  });

  it('takes message content from span events when attributes have none; used events leave otel.events', () => {
    const details = map({
      events: [
        event('gen_ai.client.inference.operation.details', {
          'gen_ai.input.messages': '[{"role":"user"}]',
          'gen_ai.output.messages': '[{"role":"assistant"}]',
        }),
      ],
    });
    expect(details).toMatchObject({ input: [{ role: 'user' }], output: [{ role: 'assistant' }] });
    expect(details).not.toHaveProperty('attributes');

    const messages = map({
      events: [
        event('gen_ai.system.message', { 'gen_ai.system': 'openai', content: 'rules' }),
        event('gen_ai.user.message', { content: 'hi' }),
        event('gen_ai.choice', { index: 0, finish_reason: 'stop', message: '{"content":"hello"}' }),
        event('exception', { 'exception.message': 'x' }),
      ],
    });
    expect(messages.input).toEqual([
      { role: 'system', content: 'rules' },
      { role: 'user', content: 'hi' },
    ]);
    expect(messages.output).toEqual([{ index: 0, finish_reason: 'stop', message: { content: 'hello' } }]);
    expect((messages.attributes as any)['otel.events']).toEqual([
      { name: 'exception', time: isoUs(T0 + 10), attributes: { 'exception.message': 'x' } },
    ]);

    const legacy = map({
      events: [
        event('gen_ai.content.prompt', { 'gen_ai.prompt': 'old prompt' }),
        event('gen_ai.content.completion', { 'gen_ai.completion': 'old answer' }, null),
      ],
    });
    expect(legacy).toMatchObject({ input: 'old prompt', output: 'old answer' });

    // event names that are Object.prototype members are just events
    expect(map({ events: [event('constructor', { content: 'x' })] })).not.toHaveProperty('input');

    // attributes take precedence over events
    const both = withAttrs(
      { 'gen_ai.input.messages': '"from attribute"' },
      { events: [event('gen_ai.user.message', { content: 'from event' })] },
    );
    expect(both.input).toBe('"from attribute"');
    expect((both.attributes as any)['otel.events']).toHaveLength(1);
  });

  it('keeps the rest in attributes: resource under resource.*, events and links', () => {
    const span = map(
      {
        attributes: { 'user.id': 'u1', nested: { a: [1, 2] } },
        links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceState: '', attributes: { why: 'retry' } }],
        events: [event('cache.miss')],
        kind: 2,
      },
      { 'service.name': 'bot', 'telemetry.sdk.language': 'python' },
    );
    expect(span.attributes).toEqual({
      'user.id': 'u1',
      nested: { a: [1, 2] },
      'span.kind': 'server',
      'otel.events': [{ name: 'cache.miss', time: isoUs(T0 + 10) }],
      'otel.links': [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { why: 'retry' } }],
      'resource.service.name': 'bot',
      'resource.telemetry.sdk.language': 'python',
    });
    // UNSPECIFIED and INTERNAL (the default) kinds add nothing
    expect(map({ kind: 0 })).not.toHaveProperty('attributes');
    expect(map({ kind: 1 })).not.toHaveProperty('attributes');
    expect(map({ kind: 4 }).attributes).toEqual({ 'span.kind': 'producer' });
  });

  it("stays within the span model's limits: long names truncated, attributes capped with a dropped count", () => {
    const many: Attributes = {};
    for (let i = 0; i < 300; i++) many[`k${i}`] = i;
    many['x'.repeat(LIMITS.attributeKey + 1)] = 'too long a key';
    const span = map(
      { name: 'n'.repeat(600), attributes: many, statusCode: 2, statusMessage: 'm'.repeat(LIMITS.statusMessage + 5) },
      { 'service.name': 'bot' },
    );
    expect(span.name).toHaveLength(LIMITS.name);
    expect(span.statusMessage).toHaveLength(LIMITS.statusMessage);
    const attributes = span.attributes as Record<string, unknown>;
    expect(Object.keys(attributes)).toHaveLength(LIMITS.attributeCount);
    expect(attributes['otel.dropped_attributes_count']).toBe(300 - (LIMITS.attributeCount - 1) + 1 + 1);
    expect(attributes.k0).toBe(0);
    expect(normalizeSpan(span, NOW).attributes).toBe(attributes);
  });

  it('passes ids and times through for the span model to judge', () => {
    expect(() => normalizeSpan(map({ traceId: '' }), NOW)).toThrow('traceId must be 32 hex characters');
    expect(() => normalizeSpan(map({ spanId: 'abc' }), NOW)).toThrow('spanId must be 16 hex characters');
    expect(() => normalizeSpan(map({ startUs: (NOW - 400 * 86400_000) * 1000, endUs: null }), NOW)).toThrow(
      'startTime must be within the last 365 days',
    );
    expect(() => normalizeSpan(map({ startUs: null }), NOW)).toThrow('startTime is required');
    expect(mapSpan(otlpSpan({ spanId: '' }), {}, '', '').ref).toBe('a span without spanId');
  });
});

describe('mapRequest', () => {
  it('maps every span of every resource and scope, in request order, with its own resource and scope', () => {
    const mapped = mapRequest([
      {
        resource: { 'service.name': 'a' },
        scopeSpans: [{ scopeName: 's1', scopeVersion: '', spans: [otlpSpan({ name: '1' }), otlpSpan({ name: '2' })] }],
      },
      {
        resource: { 'service.name': 'b' },
        scopeSpans: [
          { scopeName: 's2', scopeVersion: '', spans: [otlpSpan({ name: '3' })] },
          { scopeName: '', scopeVersion: '', spans: [] },
        ],
      },
    ]);
    expect(
      mapped.map((m) => [m.span.name, (m.span.attributes as any)['resource.service.name'], (m.span.attributes as any)['otel.scope.name']]),
    ).toEqual([
      ['1', 'a', 's1'],
      ['2', 'a', 's1'],
      ['3', 'b', 's2'],
    ]);
  });
});

describe('JSON content', () => {
  it('keeps the JSON text it was sent as (stored from it) with the parsed value', () => {
    const text = '[{"role":"user",  "parts":[{"type":"text","content":"hi"}]}]';
    const { span } = mapSpan(
      otlpSpan({ attributes: { 'gen_ai.input.messages': text, 'gen_ai.output.messages': 'plain words' } }),
      {},
      '',
      '',
    );
    expect(span.input).toBeInstanceOf(JsonText);
    expect((span.input as JsonText).text).toBe(text);
    expect(jsonForStorage(span.input)).toBe(text);
    expect(JSON.stringify(span.input)).toBe('[{"role":"user","parts":[{"type":"text","content":"hi"}]}]');
    expect(span.output).toBe('plain words');
  });

  it('cleans or masks through the value when it must', () => {
    const input = new JsonText('{"a":"x\\u0000y"}', { a: 'x\u0000y' });
    expect(jsonForStorage(input)).toBe('{"a":"x\uFFFDy"}');
    expect(maskPii(new JsonText('{"email":"bob@example.com"}', { email: 'bob@example.com' }))).toEqual({ email: '[redacted]' });
  });
});
