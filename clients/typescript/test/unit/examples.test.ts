/** Each example, run against the stand-in collector on 127.0.0.1 (the integration tests use the real server). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCollector, type Collector } from '../helpers/collector';
import {
  checkBasicTrace,
  checkExpressChatTrace,
  checkExpressFailTrace,
  checkNextTrace,
  runBasic,
  runExpress,
  runNext,
} from '../helpers/examples';

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

const target = () => ({ baseUrl: collector.url, apiKey: 'ao_sk_examples' });
const traceSpans = (traceId: string) => collector.accepted.filter((s) => s.traceId === traceId);

describe('examples', () => {
  it('basic: a two-step agent, one trace with the right tree, statuses and usage', async () => {
    const { traceId } = await runBasic(target());
    checkBasicTrace(traceSpans(traceId));
    assert.ok(collector.requests.every((r) => r.headers.authorization === 'Bearer ao_sk_examples'));
  });

  it('express: one trace per request, continuing the incoming traceparent; errors marked', async () => {
    const run = await runExpress(target());
    checkExpressChatTrace(traceSpans(run.chat.traceId), run);
    checkExpressFailTrace(traceSpans(run.fail.traceId));
  });

  it('nextjs: the route handler flushes before it returns', async () => {
    const ok = await runNext(target(), 'What is a span?');
    assert.equal(ok.status, 200);
    assert.equal(ok.body.answer, 'You asked: What is a span?');
    assert.deepEqual(ok.body.flushed, { sent: 2, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    // no waiting: the spans were delivered before the handler returned
    checkNextTrace(traceSpans(ok.body.traceId), true);

    const bad = await runNext(target(), '');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'prompt is required');
    checkNextTrace(traceSpans(bad.body.traceId), false);
  });
});
