import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startCollector, type Collector } from '../helpers/collector';
import { byName, testObs } from '../helpers/util';

let collector: Collector;
before(async () => {
  collector = await startCollector();
});
after(async () => {
  await collector.close();
});

describe('@obs.trace (TypeScript 5 standard decorators) and observe()', () => {
  it('traces sync and async methods, keeps `this`, names spans Class.method, records args and result', async () => {
    const { obs } = testObs({ baseUrl: collector.url });

    class Agent {
      constructor(private readonly prefix: string) {}

      @obs.trace({ kind: 'llm', model: 'gpt-4o-mini' })
      async plan(question: string): Promise<string> {
        await new Promise((resolve) => setTimeout(resolve, 1));
        obs.currentSpan()?.setUsage({ inputTokens: 10, outputTokens: 5 });
        return `${this.prefix}:${this.normalize(question)}`;
      }

      @obs.trace({ kind: 'tool', name: 'normalize-question' })
      normalize(q: string): string {
        return q.trim().toLowerCase();
      }

      @obs.trace
      static version(major: number, minor: number): string {
        return `${major}.${minor}`;
      }
    }

    const agent = new Agent('plan');
    const answer = await obs.span('root', { kind: 'agent' }, () => agent.plan('  Hello '));
    assert.equal(answer, 'plan:hello');
    assert.equal(Agent.version(1, 2), '1.2');
    await obs.flush({ timeoutMs: 2000 });

    const spans = collector.accepted;
    const root = byName(spans, 'root');
    const plan = byName(spans, 'Agent.plan');
    const normalize = byName(spans, 'normalize-question');
    const version = byName(spans, 'Agent.version');
    assert.equal(plan.parentSpanId, root.spanId);
    assert.equal(plan.kind, 'llm');
    assert.equal(plan.model, 'gpt-4o-mini');
    assert.deepEqual(plan.usage, { inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    assert.equal(plan.input, '  Hello ');
    assert.equal(plan.output, 'plan:hello');
    assert.equal(normalize.parentSpanId, plan.spanId);
    assert.equal(normalize.kind, 'tool');
    assert.equal(normalize.output, 'hello');
    assert.equal(version.parentSpanId, undefined, 'called outside any span: a root');
    assert.deepEqual(version.input, [1, 2]);
    assert.equal(version.output, '1.2');
    assert.equal(version.kind, 'other');
    await obs.shutdown();
  });

  it('records exceptions from sync and async methods and re-throws the same object', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const syncError = new TypeError('bad input');
    const asyncError = new RangeError('upstream timed out');

    class Tools {
      @obs.trace({ name: 'sync-fails' })
      parse(): never {
        throw syncError;
      }

      @obs.trace({ name: 'async-fails' })
      async call(): Promise<never> {
        await Promise.resolve();
        throw asyncError;
      }
    }
    const tools = new Tools();
    assert.throws(
      () => tools.parse(),
      (e) => e === syncError,
    );
    await assert.rejects(tools.call(), (e) => e === asyncError);
    const nonError = { reason: 'plain object' };
    await assert.rejects(
      obs.span('rejects-non-error', async () => {
        throw nonError;
      }),
      (e) => e === nonError,
    );

    await obs.flush({ timeoutMs: 2000 });
    const sync = byName(collector.accepted, 'sync-fails');
    assert.equal(sync.status, 'error');
    assert.equal(sync.statusMessage, 'bad input');
    assert.equal(sync.attributes?.['error.type'], 'TypeError');
    assert.equal(sync.output, undefined);
    const asyncSpan = byName(collector.accepted, 'async-fails');
    assert.equal(asyncSpan.status, 'error');
    assert.equal(asyncSpan.statusMessage, 'upstream timed out');
    assert.equal(byName(collector.accepted, 'rejects-non-error').statusMessage, '[object Object]');
    await obs.shutdown();
  });

  it('observe() wraps any function, sync or async, keeping this, name and result', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const store = {
      orders: new Map([['42', { id: '42', status: 'shipped' }]]),
      async fetchOrder(id: string) {
        return this.orders.get(id);
      },
    };
    const fetchOrder = obs.observe(store.fetchOrder, { name: 'fetch-order', kind: 'tool' });
    const order = await fetchOrder.call(store, '42');
    assert.deepEqual(order, { id: '42', status: 'shipped' });
    const add = obs.observe(function add(a: number, b: number) {
      return a + b;
    });
    assert.equal(add.name, 'add');
    assert.equal(add(2, 3), 5);
    const secret = obs.observe((token: string) => token.length, { name: 'no-input', captureInput: false, captureOutput: false });
    assert.equal(secret('s3cr3t'), 6);

    await obs.flush({ timeoutMs: 2000 });
    const fetched = byName(collector.accepted, 'fetch-order');
    assert.equal(fetched.kind, 'tool');
    assert.equal(fetched.input, '42');
    assert.deepEqual(fetched.output, { id: '42', status: 'shipped' });
    assert.equal(fetched.status, 'ok');
    const added = byName(collector.accepted, 'add');
    assert.deepEqual(added.input, [2, 3]);
    assert.equal(added.output, 5);
    const hidden = byName(collector.accepted, 'no-input');
    assert.equal(hidden.input, undefined);
    assert.equal(hidden.output, undefined);
    await obs.shutdown();
  });

  it('setOutput and setStatus win over the return value and the default status', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const value = obs.span('explicit', { kind: 'chain' }, (span) => {
      span.setOutput({ summary: 'short' }).setStatus('error', 'degraded answer').setCost(0.0042);
      return { full: 'a very long value' };
    });
    assert.deepEqual(value, { full: 'a very long value' });
    await obs.flush({ timeoutMs: 2000 });
    const span = byName(collector.accepted, 'explicit');
    assert.deepEqual(span.output, { summary: 'short' });
    assert.equal(span.status, 'error');
    assert.equal(span.statusMessage, 'degraded answer');
    assert.equal(span.costUsd, 0.0042);
    assert.match(span.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/, 'microseconds: 6 fraction digits');
    assert.ok(span.endTime! >= span.startTime);
    await obs.shutdown();
  });

  it('works the same under experimentalDecorators (legacy decorators, e.g. NestJS)', async () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/fixtures/legacy-decorators/agent.ts'], {
      cwd: root,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: 'test/fixtures/legacy-decorators/tsconfig.json',
        AGENTOBS_BASE_URL: collector.url,
        AGENTOBS_API_KEY: 'ao_sk_legacy',
      },
    });
    const out = JSON.parse(stdout) as { mode: string; answer: string; version: string; failed: string; result: { sent: number } };
    assert.deepEqual(out, {
      mode: 'legacy',
      answer: 'plan:hello',
      version: '1.2',
      failed: 'legacy boom',
      result: { sent: 5, dropped: 0, spooled: 0, pending: 0, timedOut: false },
    });
    const spans = collector.accepted.filter((s) =>
      collector.requests.some((r) => r.headers.authorization === 'Bearer ao_sk_legacy' && r.spans.includes(s)),
    );
    const root_ = byName(spans, 'legacy-root');
    const plan = byName(spans, 'Agent.plan');
    assert.equal(plan.parentSpanId, root_.spanId);
    assert.equal(plan.kind, 'llm');
    assert.equal(plan.model, 'gpt-4o-mini');
    assert.equal(plan.output, 'plan:hello');
    assert.equal(byName(spans, 'Agent.normalize').parentSpanId, plan.spanId);
    assert.deepEqual(byName(spans, 'Agent.version').input, [1, 2]);
    const failed = byName(spans, 'legacy-fails');
    assert.equal(failed.status, 'error');
    assert.equal(failed.statusMessage, 'legacy boom');
  });
});
