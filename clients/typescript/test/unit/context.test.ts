import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs, tick } from '../helpers/util';

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

describe('context propagation', () => {
  it('has no current span outside a span', () => {
    const { obs } = testObs();
    assert.equal(obs.currentSpan(), undefined);
    assert.equal(obs.traceparent(), undefined);
  });

  it('nests across await, Promise.all, setTimeout, setImmediate and event emitters', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const emitter = new EventEmitter();
    let rootTrace = '';
    await obs.span('root', { kind: 'agent' }, async (root) => {
      rootTrace = root.traceId;
      assert.equal(obs.currentSpan(), root);
      await tick(1);
      assert.equal(obs.currentSpan(), root, 'still current after an await');
      await obs.span('after-await', { kind: 'chain' }, async () => {
        await tick(1);
        await obs.span('grandchild', { kind: 'tool' }, () => 'leaf');
      });
      await Promise.all([
        obs.span('parallel-a', { kind: 'tool' }, async () => tick(3)),
        obs.span('parallel-b', { kind: 'tool' }, async () => tick(1)),
      ]);
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          void obs.span('in-timer', { kind: 'tool' }, () => resolve());
        }, 1),
      );
      await new Promise<void>((resolve) => setImmediate(() => obs.span('in-immediate', () => resolve())));
      await new Promise<void>((resolve) => {
        emitter.once('ready', () => obs.span('in-listener', () => resolve()));
        setTimeout(() => emitter.emit('ready'), 1);
      });
    });
    const result = await obs.flush({ timeoutMs: 2000 });
    assert.equal(result.sent, 8);
    const spans = collector.accepted.filter((s) => s.traceId === rootTrace);
    assert.equal(spans.length, 8);
    const root = byName(spans, 'root');
    assert.equal(root.parentSpanId, undefined);
    for (const name of ['after-await', 'parallel-a', 'parallel-b', 'in-timer', 'in-immediate', 'in-listener']) {
      assert.equal(byName(spans, name).parentSpanId, root.spanId, `${name} is a child of root`);
    }
    assert.equal(byName(spans, 'grandchild').parentSpanId, byName(spans, 'after-await').spanId);
    await obs.shutdown();
  });

  it('keeps concurrent traces apart', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const traces = 40;
    const roots = await Promise.all(
      Array.from({ length: traces }, (_, i) =>
        obs.span(`trace-${i}`, { kind: 'agent' }, async (root) => {
          await tick(i % 7);
          await obs.span(`step-${i}`, { kind: 'llm' }, async (step) => {
            await tick((i * 3) % 5);
            assert.equal(step.traceId, root.traceId);
            await obs.span(`tool-${i}`, { kind: 'tool' }, async () => tick(i % 3));
          });
          return { traceId: root.traceId, spanId: root.spanId };
        }),
      ),
    );
    await obs.flush({ timeoutMs: 2000 });
    assert.equal(new Set(roots.map((r) => r.traceId)).size, traces, 'one trace per root');
    for (let i = 0; i < traces; i++) {
      const spans = collector.accepted.filter((s) => s.traceId === roots[i]!.traceId);
      assert.deepEqual(spans.map((s) => s.name).sort(), [`step-${i}`, `tool-${i}`, `trace-${i}`]);
      assert.equal(byName(spans, `step-${i}`).parentSpanId, roots[i]!.spanId);
      assert.equal(byName(spans, `tool-${i}`).parentSpanId, byName(spans, `step-${i}`).spanId);
    }
    await obs.shutdown();
  });

  it('bind() runs a callback in the span that was current when it was bound', async () => {
    const { obs } = testObs();
    const emitter = new EventEmitter();
    let seen: string | undefined = 'unset';
    const bound = obs.span('owner', (span) => {
      const listener = obs.bind(() => {
        seen = obs.currentSpan()?.spanId;
        return span.spanId;
      });
      emitter.on('evt', listener);
      return span.spanId;
    });
    emitter.emit('evt'); // emitted outside any span
    assert.equal(seen, bound);
    assert.equal(obs.currentSpan(), undefined);
    await obs.shutdown({ timeoutMs: 10 });
  });

  it('parent: null starts a new trace inside another span; parent: span nests explicitly', async () => {
    const { obs } = testObs();
    await obs.span('outer', async (outer) => {
      obs.span('detached', { parent: null }, (s) => {
        assert.notEqual(s.traceId, outer.traceId);
        assert.equal(s.parentSpanId, undefined);
      });
      const other = obs.span('other-root', { parent: null }, (s) => s);
      obs.span('explicit', { parent: other }, (s) => {
        assert.equal(s.traceId, other.traceId);
        assert.equal(s.parentSpanId, other.spanId);
      });
    });
    await obs.shutdown({ timeoutMs: 10 });
  });

  it('generates W3C-shaped ids and traceparent', () => {
    const { obs } = testObs();
    obs.span('ids', (span) => {
      assert.match(span.traceId, /^[0-9a-f]{32}$/);
      assert.match(span.spanId, /^[0-9a-f]{16}$/);
      assert.equal(span.traceparent, `00-${span.traceId}-${span.spanId}-01`);
      assert.equal(obs.traceparent(), span.traceparent);
    });
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) obs.span('x', (s) => ids.add(s.spanId));
    assert.equal(ids.size, 2000);
  });
});
