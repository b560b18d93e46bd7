import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { SPAN_KINDS, type SpanKind } from '../../src/index';
import { isoMicros } from '../../src/tracing/clock';
import { attributesJson } from '../../src/tracing/wire';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

describe('manual spans', () => {
  it('startSpan returns a span to end later, a child of the current span; end() twice is a no-op', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const emitter = new EventEmitter();
    let manual!: ReturnType<typeof obs.startSpan>;
    obs.span('handler', { kind: 'agent' }, (root) => {
      manual = obs.startSpan('on-message', { kind: 'tool', input: { id: 1 } });
      assert.equal(manual.parentSpanId, root.spanId);
      assert.equal(obs.currentSpan(), root, 'a started span does not become the current span');
      emitter.once('message', (text: string) => {
        obs.span('inside', { parent: manual }, () => undefined);
        manual.setOutput(text);
        manual.end();
      });
    });
    assert.equal(manual.isRecording, true);
    emitter.emit('message', 'hi');
    assert.equal(manual.isRecording, false);
    manual.end();
    manual.setAttribute('ignored', true);
    await obs.flush({ timeoutMs: 2000 });
    const spans = collector.accepted.filter((s) => s.traceId === manual.traceId);
    assert.equal(spans.filter((s) => s.name === 'on-message').length, 1, 'sent once');
    const sent = byName(spans, 'on-message');
    assert.equal(sent.status, 'ok');
    assert.deepEqual(sent.input, { id: 1 });
    assert.equal(sent.output, 'hi');
    assert.equal(sent.attributes, undefined);
    assert.equal(byName(spans, 'inside').parentSpanId, sent.spanId);
    await obs.shutdown();
  });

  it('a span of obs.span ended early by end() is not ended again', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    obs.span('early', (span) => {
      span.end();
      return 'late result';
    });
    await obs.flush({ timeoutMs: 2000 });
    const span = byName(collector.accepted, 'early');
    assert.equal(span.output, undefined);
    await obs.shutdown();
  });
});

describe('kinds, costs, times', () => {
  it('sends every API kind as is; an unknown kind becomes other', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    assert.deepEqual(SPAN_KINDS, [
      'agent',
      'llm',
      'tool',
      'retrieval',
      'embedding',
      'reranker',
      'guardrail',
      'evaluator',
      'chain',
      'other',
    ]);
    for (const kind of SPAN_KINDS) obs.span(`kind-${kind}`, { kind }, () => undefined);
    obs.span('kind-bogus', { kind: 'bogus' as SpanKind }, () => undefined);
    await obs.flush({ timeoutMs: 2000 });
    for (const kind of SPAN_KINDS) assert.equal(byName(collector.accepted, `kind-${kind}`).kind, kind);
    assert.equal(byName(collector.accepted, 'kind-bogus').kind, 'other');
    await obs.shutdown();
  });

  it('an unknown cost is left out, never sent as 0; a known 0 is sent', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    obs.span('no-cost', { kind: 'llm' }, (span) => span.setUsage({ inputTokens: 1, outputTokens: 2 }));
    obs.span('bad-cost', { kind: 'llm' }, (span) => span.setCost(Number.NaN).setCost(-1));
    obs.span('free', { kind: 'llm' }, (span) => span.setCost(0));
    await obs.flush({ timeoutMs: 2000 });
    assert.equal('costUsd' in byName(collector.accepted, 'no-cost'), false);
    assert.equal('costUsd' in byName(collector.accepted, 'bad-cost'), false);
    assert.equal(byName(collector.accepted, 'free').costUsd, 0);
    await obs.shutdown();
  });

  it('times have microseconds: siblings a few µs apart keep their order', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    obs.span('siblings', () => {
      for (let i = 0; i < 20; i++) obs.span(`sibling-${i}`, () => undefined);
    });
    await obs.flush({ timeoutMs: 2000 });
    const starts = Array.from({ length: 20 }, (_, i) => byName(collector.accepted, `sibling-${i}`).startTime);
    for (const t of starts) assert.match(t, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const sorted = [...starts].sort();
    assert.deepEqual(starts, sorted, 'start order = call order');
    assert.ok(new Set(starts).size >= 15, `${new Set(starts).size} distinct start times among 20 siblings`);
    await obs.shutdown();
  });

  it('formats epoch milliseconds with 6 fraction digits', () => {
    assert.equal(isoMicros(Date.UTC(2025, 0, 2, 3, 4, 5, 123) + 0.456), '2025-01-02T03:04:05.123456Z');
    assert.equal(isoMicros(Date.UTC(2025, 0, 2, 3, 4, 5, 0) + 0.001), '2025-01-02T03:04:05.000001Z');
    assert.equal(isoMicros(Date.UTC(2025, 0, 2, 3, 4, 59, 999) + 0.999), '2025-01-02T03:04:59.999999Z');
    assert.equal(isoMicros(Date.UTC(2025, 0, 2, 3, 5, 0, 0)), '2025-01-02T03:05:00.000000Z');
  });

  it('attributes past the API limits are trimmed and counted instead of losing the span', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]));
    obs.span('many-attributes', { attributes: { ...many, ['x'.repeat(300)]: 1 } }, () => undefined);
    await obs.flush({ timeoutMs: 2000 });
    const attrs = byName(collector.accepted, 'many-attributes').attributes!;
    assert.equal(Object.keys(attrs).length, 256);
    assert.equal(attrs['agentobs.dropped_attributes_count'], 46);
    await obs.shutdown();
  });

  it('attributes follow the same limits as in the Python SDK (clients/testdata/attributes.json)', () => {
    const vector = JSON.parse(readFileSync(new URL('../../../testdata/attributes.json', import.meta.url), 'utf8')) as {
      cases: { attributes: Record<string, unknown>; maxFieldSize: number; expected: Record<string, unknown> | null }[];
    };
    assert.ok(vector.cases.length >= 10);
    for (const c of vector.cases) {
      const json = attributesJson(c.attributes, c.maxFieldSize);
      assert.deepEqual(json === undefined ? null : JSON.parse(json), c.expected);
    }
  });

  it('an attribute string larger than maxFieldSize (UTF-8 bytes) is cut on the wire', async () => {
    const { obs } = testObs({ baseUrl: collector.url, maxFieldSize: 100 });
    obs.span('long-attribute', { attributes: { note: 'é'.repeat(100) } }, () => undefined);
    await obs.flush({ timeoutMs: 2000 });
    const note = byName(collector.accepted, 'long-attribute').attributes!['note'] as string;
    assert.match(note, /^é+…\[truncated 200 bytes\]$/);
    assert.ok(Buffer.byteLength(note) <= 100);
    await obs.shutdown();
  });
});
