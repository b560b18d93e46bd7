/**
 * The OpenTelemetry bridge when an OpenTelemetry SDK registered its own context manager first
 * (AsyncLocalStorageContextManager, as NodeSDK / NodeTracerProvider.register() do): the SDK's spans live in
 * that context too, so both kinds still nest. Own process (node:test runs each file in one).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AgentObs } from '../../src/index';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
let obs: AgentObs;
let provider: BasicTracerProvider;
const manager = new AsyncLocalStorageContextManager().enable();

before(async () => {
  assert.equal(context.setGlobalContextManager(manager), true);
  collector = await startCollector();
  obs = testObs({ baseUrl: collector.url }).obs;
  provider = new BasicTracerProvider({ spanProcessors: [obs.otelSpanProcessor()] });
  assert.equal(trace.setGlobalTracerProvider(provider), true);
});
after(async () => {
  await provider.shutdown();
  await obs.shutdown();
  await collector.close();
});

describe('OpenTelemetry bridge with a context manager registered by OpenTelemetry', () => {
  it("keeps the SDK's spans in that context manager: nesting works both ways across awaits", async () => {
    const tracer = trace.getTracer('foreign');
    const traceId = await obs.span('outer', async (outer) => {
      assert.equal(manager.active().getValue(Symbol.for('OpenTelemetry Context Key SPAN')) !== undefined, true);
      await new Promise((resolve) => setTimeout(resolve, 2));
      await tracer.startActiveSpan('otel-middle', async (middle) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        await obs.span('inner', async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          assert.equal(obs.currentSpan()?.name, 'inner');
        });
        middle.end();
      });
      assert.equal(obs.currentSpan(), outer);
      return outer.traceId;
    });
    assert.equal(obs.currentSpan(), undefined);
    await obs.flush({ timeoutMs: 2000 });
    const spans = collector.accepted.filter((s) => s.traceId === traceId);
    assert.equal(byName(spans, 'otel-middle').parentSpanId, byName(spans, 'outer').spanId);
    assert.equal(byName(spans, 'inner').parentSpanId, byName(spans, 'otel-middle').spanId);
  });

  it('obs.bind and context.bind agree', async () => {
    const emitterCalls: string[] = [];
    const fn = obs.span('binder', () => obs.bind(() => obs.currentSpan()?.name ?? 'none'));
    emitterCalls.push(fn());
    const viaOtel = obs.span('otel-binder', () => context.bind(context.active(), () => obs.currentSpan()?.name ?? 'none'));
    emitterCalls.push(viaOtel());
    assert.deepEqual(emitterCalls, ['binder', 'otel-binder']);
  });
});
