import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { formatTraceparent, parseTraceparent } from '../../src/index';
import { sampledByTraceId } from '../../src/tracing/ids';
import { sha256, sha256First48 } from '../../src/tracing/sha256';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

function traceOf(name: string): string {
  return byName(collector.accepted, name).traceId;
}

describe('sampling', () => {
  it('decides exactly as the API and the Python SDK (clients/testdata/sampling.json)', () => {
    const vector = JSON.parse(readFileSync(new URL('../../../testdata/sampling.json', import.meta.url), 'utf8')) as {
      cases: { traceId: string; rate: number; keep: boolean }[];
    };
    assert.ok(vector.cases.length > 500);
    const wrong = vector.cases.filter((c) => sampledByTraceId(c.traceId, c.rate) !== c.keep);
    assert.deepEqual(wrong, []);
  });

  it('hashes with SHA-256 (against node:crypto, inputs of every padding length)', () => {
    for (let n = 0; n < 140; n++) {
      const data = randomBytes(n);
      assert.equal(Buffer.from(sha256(data)).toString('hex'), createHash('sha256').update(data).digest('hex'), `length ${n}`);
    }
    for (let n = 0; n < 80; n++) {
      const text = randomBytes(n).toString('base64').slice(0, n);
      assert.equal(sha256First48(text), createHash('sha256').update(text).digest().readUIntBE(0, 6), `first 48 bits, length ${n}`);
    }
  });

  it('sampleRate 0 records nothing but still propagates ids', async () => {
    const { obs } = testObs({ baseUrl: collector.url, sampleRate: 0 });
    const before = collector.requests.length;
    obs.span('unsampled-root', (root) => {
      assert.equal(root.isRecording, false);
      assert.match(root.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
      obs.span('unsampled-child', (child) => {
        assert.equal(child.traceId, root.traceId);
        assert.equal(child.parentSpanId, root.spanId);
        assert.equal(child.isRecording, false);
      });
    });
    const result = await obs.flush({ timeoutMs: 500 });
    assert.deepEqual(result, { sent: 0, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    assert.equal(collector.requests.length, before);
    assert.equal(obs.stats().sampledOut, 2, 'counted, not dropped');
    assert.equal(obs.stats().dropped, 0);
    await obs.shutdown();
  });

  it('decides per trace: children always follow their root', async () => {
    const { obs } = testObs({ baseUrl: collector.url, sampleRate: 0.5 });
    const traces = 400;
    const recorded: boolean[] = [];
    for (let i = 0; i < traces; i++) {
      await obs.span(`s-root-${i}`, async (root) => {
        recorded.push(root.isRecording);
        await obs.span(`s-child-${i}`, async (child) => {
          assert.equal(child.isRecording, root.isRecording);
          obs.span(`s-grandchild-${i}`, (g) => assert.equal(g.isRecording, root.isRecording));
        });
      });
    }
    await obs.flush({ timeoutMs: 5000 });
    const kept = recorded.filter(Boolean).length;
    assert.ok(kept > traces * 0.35 && kept < traces * 0.65, `kept ${kept} of ${traces}`);
    const spans = collector.accepted.filter((s) => s.name.startsWith('s-'));
    assert.equal(spans.length, kept * 3, 'every kept trace arrives whole, every dropped one not at all');
    const perTrace = new Map<string, number>();
    for (const s of spans) perTrace.set(s.traceId, (perTrace.get(s.traceId) ?? 0) + 1);
    assert.ok([...perTrace.values()].every((n) => n === 3));
    await obs.shutdown();
  });
});

describe('traceparent', () => {
  it('continues an incoming trace and hands out its own traceparent', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    let outgoing = '';
    await obs.span('tp-server', { kind: 'agent', traceparent: incoming }, async (span) => {
      assert.equal(span.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
      assert.equal(span.parentSpanId, '00f067aa0ba902b7');
      outgoing = obs.traceparent()!;
      await obs.span('tp-child', () => undefined);
    });
    await obs.flush({ timeoutMs: 2000 });
    const server = byName(collector.accepted, 'tp-server');
    assert.equal(server.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(server.parentSpanId, '00f067aa0ba902b7');
    assert.equal(outgoing, `00-${server.traceId}-${server.spanId}-01`);
    assert.equal(byName(collector.accepted, 'tp-child').parentSpanId, server.spanId);
    assert.equal(traceOf('tp-child'), server.traceId);
    await obs.shutdown();
  });

  it("honours the caller's sampled flag, and ignores an invalid header (new trace)", async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    obs.span('tp-unsampled', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' }, (span) => {
      assert.equal(span.isRecording, false);
      assert.equal(span.traceparent.endsWith('-00'), true);
    });
    for (const bad of [
      'garbage',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ]) {
      obs.span(`tp-bad-${bad.slice(0, 2)}`, { traceparent: bad }, (span) => {
        assert.notEqual(span.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
        assert.equal(span.parentSpanId, undefined);
        assert.equal(span.isRecording, true);
      });
    }
    await obs.flush({ timeoutMs: 2000 });
    assert.equal(collector.accepted.filter((s) => s.name === 'tp-unsampled').length, 0);
    assert.equal(collector.accepted.filter((s) => s.name.startsWith('tp-bad-')).length, 3);
    await obs.shutdown();
  });

  it('parses and formats per W3C', () => {
    assert.deepEqual(parseTraceparent(' 00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01 '), {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    assert.equal(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'), undefined);
    assert.equal(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra'), undefined);
    assert.equal(
      parseTraceparent('01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra')?.sampled,
      true,
      'future versions may append',
    );
    assert.equal(parseTraceparent(undefined), undefined);
    assert.equal(formatTraceparent('a'.repeat(32), 'b'.repeat(16), false), `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`);
  });
});
