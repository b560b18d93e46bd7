/**
 * The OpenTelemetry bridge with the user's own tracer provider (`@opentelemetry/sdk-trace-base`) and
 * `obs.otelSpanProcessor()`, set up after the AgentObs instance as apps usually do. Each test file runs in
 * its own process, so the OpenTelemetry globals registered here are this file's alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, trace, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AgentObs } from '../../src/index';
import { startCollector, type Collector, type WireSpan } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
let obs: AgentObs;
let provider: BasicTracerProvider;
let tracer: Tracer;

before(async () => {
  collector = await startCollector();
  obs = testObs({ baseUrl: collector.url }).obs;
  provider = new BasicTracerProvider({ spanProcessors: [obs.otelSpanProcessor()] });
  assert.equal(trace.setGlobalTracerProvider(provider), true, "the SDK's own provider made room for the user's");
  await new Promise((resolve) => setImmediate(resolve));
  tracer = trace.getTracer('unit-test', '1.0.0');
});
after(async () => {
  await provider.shutdown();
  await obs.shutdown();
  await collector.close();
});

function traceOf(spans: WireSpan[], traceId: string): WireSpan[] {
  return spans.filter((s) => s.traceId === traceId);
}

describe('OpenTelemetry bridge with your own tracer provider', () => {
  it('OpenTelemetry spans inside obs.span are its children, and obs.span inside them theirs: one trace', async () => {
    const traceId = await obs.span('agent', { kind: 'agent' }, async (root) => {
      await tracer.startActiveSpan(
        'openai.chat',
        {
          attributes: {
            'openinference.span.kind': 'LLM',
            'llm.model_name': 'gpt-4o-mini',
            'input.value': '{"messages":[{"role":"user","content":"hi"}]}',
            'input.mime_type': 'application/json',
            'llm.input_messages.0.message.role': 'user',
            'llm.input_messages.0.message.content': 'hi',
            'llm.token_count.prompt': 12,
            'llm.token_count.completion': 3,
            'llm.token_count.total': 15,
            'llm.cost.total': 0.00042,
            'llm.invocation_parameters': '{"temperature":0}',
          },
        },
        async (span) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          obs.span('tool-inside-otel', { kind: 'tool' }, () => 'done');
          span.setAttributes({
            'output.value': 'hello',
            'output.mime_type': 'text/plain',
            'llm.output_messages.0.message.role': 'assistant',
            'llm.output_messages.0.message.content': 'hello',
          });
          span.setStatus({ code: SpanStatusCode.OK });
          span.end();
        },
      );
      return root.traceId;
    });
    await obs.flush({ timeoutMs: 2000 });
    const spans = traceOf(collector.accepted, traceId);
    assert.deepEqual(spans.map((s) => s.name).sort(), ['agent', 'openai.chat', 'tool-inside-otel']);
    const root = byName(spans, 'agent');
    const llm = byName(spans, 'openai.chat');
    const tool = byName(spans, 'tool-inside-otel');
    assert.equal(llm.parentSpanId, root.spanId);
    assert.equal(tool.parentSpanId, llm.spanId);
    assert.equal(llm.kind, 'llm');
    assert.equal(llm.model, 'gpt-4o-mini');
    assert.deepEqual(llm.usage, { inputTokens: 12, outputTokens: 3, totalTokens: 15 });
    assert.equal(llm.costUsd, 0.00042);
    assert.equal(llm.status, 'ok');
    assert.deepEqual(llm.input, { messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(llm.output, 'hello');
    assert.match(llm.startTime, /\.\d{6}Z$/);
    const keys = Object.keys(llm.attributes ?? {});
    assert.deepEqual(
      keys.filter((k) => /^llm\.(input|output)_messages\.|^(input|output)\.(value|mime_type)$|^llm\.(token_count|cost)\./.test(k)),
      [],
      'content and figures mapped to fields are not repeated in attributes',
    );
    assert.equal(llm.attributes?.['llm.invocation_parameters'], '{"temperature":0}');
    assert.equal(llm.attributes?.['otel.scope.name'], 'unit-test');
    assert.equal(llm.attributes?.['resource.telemetry.sdk.language'], 'nodejs');
  });

  it('obs.span inside an OpenTelemetry root continues its trace; trace.getActiveSpan() sees the SDK span', async () => {
    let otelTraceId = '';
    await tracer.startActiveSpan('http.request', { kind: 1 }, async (span) => {
      otelTraceId = span.spanContext().traceId;
      await obs.span('handler', { kind: 'agent' }, async (ours) => {
        assert.equal(ours.traceId, otelTraceId);
        assert.equal(ours.parentSpanId, span.spanContext().spanId);
        const active = trace.getActiveSpan();
        assert.equal(active?.spanContext().spanId, ours.spanId);
        active?.setAttribute('set.through.otel', 'yes');
        const child = tracer.startSpan('otel-child');
        child.recordException(new Error('bad gateway'));
        child.setStatus({ code: SpanStatusCode.ERROR });
        child.end();
      });
      span.end();
    });
    await obs.flush({ timeoutMs: 2000 });
    const spans = traceOf(collector.accepted, otelTraceId);
    const http = byName(spans, 'http.request');
    const handler = byName(spans, 'handler');
    const child = byName(spans, 'otel-child');
    assert.equal(http.parentSpanId, undefined);
    assert.equal(http.attributes?.['span.kind'], 'server');
    assert.equal(handler.parentSpanId, http.spanId);
    assert.equal(handler.attributes?.['set.through.otel'], 'yes');
    assert.equal(child.parentSpanId, handler.spanId);
    assert.equal(child.status, 'error');
    assert.equal(child.statusMessage, 'Error: bad gateway');
  });

  it('context survives awaits in both directions and concurrent traces stay apart', async () => {
    const run = (i: number) =>
      obs.span(`concurrent-${i}`, async (root) => {
        await new Promise((resolve) => setTimeout(resolve, 5 - i));
        await context.with(context.active(), async () => {
          const s = tracer.startSpan(`otel-${i}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          s.end();
        });
        return root.traceId;
      });
    const ids = await Promise.all([0, 1, 2, 3].map(run));
    await obs.flush({ timeoutMs: 2000 });
    ids.forEach((traceId, i) => {
      const spans = traceOf(collector.accepted, traceId);
      assert.deepEqual(spans.map((s) => s.name).sort(), [`concurrent-${i}`, `otel-${i}`]);
      assert.equal(byName(spans, `otel-${i}`).parentSpanId, byName(spans, `concurrent-${i}`).spanId);
    });
  });

  it('a sampled-out SDK trace keeps its OpenTelemetry children out too', async () => {
    const unsampled = new AgentObs({ apiKey: 'k', baseUrl: collector.url, sampleRate: 0, registerExitHandlers: false, spoolDir: false });
    const traceId = unsampled.span('unsampled', (span) => {
      tracer.startSpan('otel-under-unsampled').end();
      return span.traceId;
    });
    await obs.flush({ timeoutMs: 500 });
    assert.equal(traceOf(collector.accepted, traceId).length, 0);
    await unsampled.shutdown();
  });
});
