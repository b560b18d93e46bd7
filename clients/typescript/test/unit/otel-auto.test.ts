/**
 * The OpenTelemetry bridge with no tracer provider registered: the SDK registers its own (and its context
 * manager), so instrumentations' spans reach the API with no setup. Own process (node:test runs each file
 * in one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AgentObs, AgentObsTracerProvider } from '../../src/index';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
let obs: AgentObs;
// an instrumentation created before the SDK: its tracer is a proxy that follows whatever gets registered
const early = trace.getTracer('early-instrumentation', '0.1.0');

before(async () => {
  collector = await startCollector();
  obs = testObs({ baseUrl: collector.url }).obs;
});
after(async () => {
  await obs.shutdown();
  await collector.close();
});

describe('OpenTelemetry bridge without a provider of your own', () => {
  it('registers its own provider: OpenTelemetry spans reach the API, nested with the SDK spans', async () => {
    assert.ok((trace.getTracerProvider() as unknown as { getDelegate(): unknown }).getDelegate() instanceof AgentObsTracerProvider);
    const traceId = await obs.span('agent', { kind: 'agent' }, async (root) => {
      await early.startActiveSpan(
        'embed',
        {
          attributes: {
            'gen_ai.operation.name': 'embeddings',
            'gen_ai.request.model': 'text-embedding-3-small',
            'gen_ai.usage.input_tokens': 7,
          },
        },
        async (span) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          obs.span('inside-embed', () => undefined);
          span.end();
        },
      );
      const client = early.startSpan('POST /v1/chat', {
        kind: SpanKind.CLIENT,
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
      });
      client.addEvent('gen_ai.user.message', { content: 'hello' });
      client.addEvent('gen_ai.choice', { index: 0, message: '{"role":"assistant","content":"hi"}' });
      client.addEvent('retry', { attempt: 1 });
      client.setStatus({ code: SpanStatusCode.ERROR, message: 'overloaded' });
      client.end();
      return root.traceId;
    });
    await obs.flush({ timeoutMs: 2000 });
    const spans = collector.accepted.filter((s) => s.traceId === traceId);
    assert.deepEqual(spans.map((s) => s.name).sort(), ['POST /v1/chat', 'agent', 'embed', 'inside-embed']);
    const root = byName(spans, 'agent');
    const embed = byName(spans, 'embed');
    assert.equal(embed.parentSpanId, root.spanId);
    assert.equal(embed.kind, 'embedding');
    assert.equal(embed.model, 'text-embedding-3-small');
    assert.deepEqual(embed.usage, { inputTokens: 7, outputTokens: 0, totalTokens: 7 });
    assert.equal('costUsd' in embed, false, 'no cost attribute: unknown, left out');
    assert.equal(byName(spans, 'inside-embed').parentSpanId, embed.spanId);
    const chat = byName(spans, 'POST /v1/chat');
    assert.equal(chat.parentSpanId, root.spanId);
    assert.equal(chat.kind, 'llm');
    assert.equal(chat.model, 'gpt-4o-2024-08-06');
    assert.equal(chat.attributes?.['gen_ai.request.model'], 'gpt-4o', 'the request model stays in attributes');
    assert.equal(chat.status, 'error');
    assert.equal(chat.statusMessage, 'overloaded');
    assert.equal(chat.attributes?.['span.kind'], 'client');
    assert.deepEqual(chat.input, [{ role: 'user', content: 'hello' }]);
    assert.deepEqual(chat.output, [{ index: 0, message: { role: 'assistant', content: 'hi' } }]);
    assert.deepEqual(
      (chat.attributes?.['otel.events'] as { name: string }[]).map((e) => e.name),
      ['retry'],
      'events mapped to input/output are not repeated',
    );
  });

  it('an OpenTelemetry root outside any SDK span is a trace of its own; context.with works', async () => {
    const span = early.startSpan('standalone');
    const id = span.spanContext();
    await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      obs.span('under-standalone', (s) => assert.equal(s.parentSpanId, id.spanId));
    });
    span.end();
    span.end();
    await obs.flush({ timeoutMs: 2000 });
    const spans = collector.accepted.filter((s) => s.traceId === id.traceId);
    assert.deepEqual(spans.map((s) => s.name).sort(), ['standalone', 'under-standalone']);
  });

  it('after shutdown the provider records nothing; a later instance registers its own', async () => {
    const other = testObs({ baseUrl: collector.url }).obs;
    await obs.shutdown();
    const ignored = early.startSpan('after-shutdown');
    assert.equal(ignored.isRecording(), false);
    ignored.end();
    const again = new AgentObs({ apiKey: 'ao_sk_again', baseUrl: collector.url, registerExitHandlers: false, spoolDir: false });
    const span = early.startSpan('to-the-new-instance');
    assert.equal(span.isRecording(), true);
    span.end();
    await again.shutdown();
    assert.equal(collector.accepted.filter((s) => s.name === 'to-the-new-instance').length, 1);
    assert.equal(collector.accepted.filter((s) => s.name === 'after-shutdown').length, 0);
    await other.shutdown();
  });
});
