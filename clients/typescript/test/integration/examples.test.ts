/**
 * SDK → API → Postgres: each example runs against the real server, and the traces it produced are read
 * back through `obs.api` (GET /api/v1/traces/{traceId}). Needs AGENTOBS_BASE_URL and AGENTOBS_API_KEY
 * (a member+ workspace API key); without them every test fails — these tests never skip.
 *
 *   AGENTOBS_BASE_URL=http://127.0.0.1:8000 AGENTOBS_API_KEY=ao_sk_... npm run test:integration
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTrace, target } from '../helpers/api';
import {
  BASIC_SPAN_COUNT,
  checkBasicTrace,
  checkExpressChatTrace,
  checkExpressFailTrace,
  checkNextTrace,
  runBasic,
  runExpress,
  runNext,
  type SpanLike,
} from '../helpers/examples';

function totalTokens(spans: SpanLike[]): number {
  return spans.reduce((sum, s) => sum + (s.usage?.totalTokens ?? 0), 0);
}

describe('integration: examples against the running stack', () => {
  it("basic: the two-step agent's trace is stored with its tree, statuses and usage", async () => {
    const { traceId } = await runBasic(target());
    const trace = await readTrace(traceId, BASIC_SPAN_COUNT);
    checkBasicTrace(trace.spans);
    assert.equal(trace.spanCount, BASIC_SPAN_COUNT);
    assert.equal(totalTokens(trace.spans), 907 + 1260);
    assert.equal(trace.totalTokens, 907 + 1260);
  });

  it('express: a request continuing an upstream traceparent, and a failing request', async () => {
    const run = await runExpress(target());
    const chat = await readTrace(run.chat.traceId, 3);
    checkExpressChatTrace(chat.spans, run);
    const fail = await readTrace(run.fail.traceId, 2);
    checkExpressFailTrace(fail.spans);
  });

  it("nextjs: the route handler's trace is readable as soon as it has returned", async () => {
    const ok = await runNext(target(), 'What is a span?');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.flushed, { sent: 2, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    const trace = await readTrace(ok.body.traceId, 2);
    checkNextTrace(trace.spans, true);

    const bad = await runNext(target(), '');
    assert.equal(bad.status, 400);
    checkNextTrace((await readTrace(bad.body.traceId, 1)).spans, false);
  });
});
