/** OpenTelemetry span → the API's span JSON: the mapping rules (pure, no OpenTelemetry SDK involved). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { captureJson } from '../../src/index';
import { otelWireJson, type OtelSpanData } from '../../src/tracing/otel-map';

function map(attributes: Record<string, unknown>, extra: Partial<OtelSpanData> = {}): Record<string, unknown> {
  const data: OtelSpanData = {
    traceId: 'a'.repeat(32),
    spanId: 'b'.repeat(16),
    parentSpanId: undefined,
    name: 'op',
    kind: 0,
    startMs: Date.UTC(2025, 0, 1) + 0.5,
    endMs: Date.UTC(2025, 0, 1) + 12.25,
    statusCode: 0,
    statusMessage: undefined,
    attributes,
    events: [],
    links: [],
    resource: undefined,
    scopeName: undefined,
    scopeVersion: undefined,
    traceState: undefined,
    ...extra,
  };
  return JSON.parse(otelWireJson(data, (v) => captureJson(v, 200), 200)) as Record<string, unknown>;
}

describe('OpenTelemetry span mapping', () => {
  it('kinds: OpenInference, GenAI operation names, OpenLLMetry, llm.request.type', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ 'openinference.span.kind': 'LLM' }, 'llm'],
      [{ 'openinference.span.kind': 'EMBEDDING' }, 'embedding'],
      [{ 'openinference.span.kind': 'RERANKER' }, 'reranker'],
      [{ 'openinference.span.kind': 'GUARDRAIL' }, 'guardrail'],
      [{ 'openinference.span.kind': 'EVALUATOR' }, 'evaluator'],
      [{ 'openinference.span.kind': 'RETRIEVER' }, 'retrieval'],
      [{ 'openinference.span.kind': 'TOOL' }, 'tool'],
      [{ 'openinference.span.kind': 'AGENT' }, 'agent'],
      [{ 'openinference.span.kind': 'CHAIN' }, 'chain'],
      [{ 'openinference.span.kind': 'PROMPT' }, 'other'],
      [{ 'gen_ai.operation.name': 'embeddings' }, 'embedding'],
      [{ 'gen_ai.operation.name': 'chat' }, 'llm'],
      [{ 'gen_ai.operation.name': 'execute_tool' }, 'tool'],
      [{ 'gen_ai.operation.name': 'invoke_agent' }, 'agent'],
      [{ 'traceloop.span.kind': 'workflow' }, 'chain'],
      [{ 'llm.request.type': 'rerank' }, 'reranker'],
      [{ 'llm.request.type': 'embedding' }, 'embedding'],
      [{ 'gen_ai.request.model': 'm' }, 'llm'],
      [{ 'http.method': 'GET' }, 'other'],
    ];
    for (const [attributes, kind] of cases) assert.equal(map(attributes)['kind'], kind, JSON.stringify(attributes));
  });

  it('times keep microseconds; a cost is sent only when known', () => {
    const span = map({ 'llm.token_count.prompt': 3 });
    assert.equal(span['startTime'], '2025-01-01T00:00:00.000500Z');
    assert.equal(span['endTime'], '2025-01-01T00:00:00.012250Z');
    assert.equal('costUsd' in span, false);
    assert.equal(map({ 'llm.cost.total': 0.25 })['costUsd'], 0.25);
    assert.equal('costUsd' in map({ 'llm.cost.total': 'n/a' }), false);
  });

  it('flattened messages become input/output once: never also kept in attributes', () => {
    const span = map({
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'be brief',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'hi',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'hello',
      'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'search',
      'other.attribute': 1,
    });
    assert.deepEqual(span['input'], [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
    ]);
    assert.deepEqual((span['output'] as Record<string, unknown>[])[0]!['role'], 'assistant');
    assert.deepEqual(span['attributes'], { 'other.attribute': 1 });

    // OpenInference sends the same content twice (input.value and llm.input_messages.*): kept once, as input.value
    const both = map({
      'input.value': '{"messages":[{"role":"user","content":"hi"}]}',
      'input.mime_type': 'application/json',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'hi',
    });
    assert.deepEqual(both['input'], { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(both['attributes'], undefined);
  });

  it('input and output are captured like the SDK’s own (truncated past maxFieldSize); long attribute strings are cut', () => {
    const span = map({ 'input.value': 'y'.repeat(1000), 'big.attribute': 'z'.repeat(1000) });
    assert.match(span['input'] as string, /…\[truncated 1002 bytes\]$/);
    const cut = (span['attributes'] as Record<string, string>)['big.attribute']!;
    assert.match(cut, /^z+…\[truncated 1000 bytes\]$/);
    assert.equal(Buffer.byteLength(cut), 200, 'cut to maxFieldSize UTF-8 bytes, as in Python');
  });

  it('status: ERROR with the first exception event when there is no message; events kept as otel.events', () => {
    const span = map(
      {},
      {
        statusCode: 2,
        events: [
          {
            name: 'exception',
            timeMs: Date.UTC(2025, 0, 1) + 1,
            attributes: { 'exception.type': 'TypeError', 'exception.message': 'bad' },
          },
        ],
      },
    );
    assert.equal(span['status'], 'error');
    assert.equal(span['statusMessage'], 'TypeError: bad');
    assert.deepEqual((span['attributes'] as Record<string, unknown>)['otel.events'], [
      { name: 'exception', time: '2025-01-01T00:00:00.001000Z', attributes: { 'exception.type': 'TypeError', 'exception.message': 'bad' } },
    ]);
  });
});
