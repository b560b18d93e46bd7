import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
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

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('streaming results end their span when the stream ends', () => {
  it('an async generator: output is the joined text, end time is the last chunk, inner spans are children', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const generate = obs.observe(
      async function* generate(prompt: string) {
        for (const word of ['Hello', ', ', prompt]) {
          await tick(20);
          obs.span('token', { kind: 'tool' }, () => word.length);
          yield word;
        }
      },
      { name: 'generate', kind: 'llm' },
    );
    const started = Date.now();
    const stream = generate('world');
    assert.equal(typeof stream.next, 'function', 'the caller gets the generator itself');
    let text = '';
    for await (const chunk of stream) text += chunk;
    assert.equal(text, 'Hello, world');
    await obs.flush({ timeoutMs: 2000 });
    const span = byName(collector.accepted, 'generate');
    assert.equal(span.kind, 'llm');
    assert.equal(span.output, 'Hello, world');
    assert.equal(span.status, 'ok');
    assert.equal(span.attributes?.['stream.chunks'], 3);
    const ms = Date.parse(span.endTime!) - Date.parse(span.startTime);
    assert.ok(ms >= 55, `the span lasted ${ms} ms: until the stream ended, not until the function returned`);
    assert.ok(Date.now() - started >= ms);
    const tokens = collector.accepted.filter((s) => s.name === 'token' && s.traceId === span.traceId);
    assert.equal(tokens.length, 3);
    for (const t of tokens) assert.equal(t.parentSpanId, span.spanId, 'code between yields runs in the span');
    await obs.shutdown();
  });

  it('an async iterable that makes its iterator on demand (like OpenAI Stream): output is the chunks', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    class FakeStream {
      readonly controller = new AbortController();
      async *[Symbol.asyncIterator]() {
        yield { choices: [{ delta: { content: 'a' } }] };
        await tick(5);
        yield { choices: [{ delta: { content: 'b' } }] };
      }
    }
    const result = await obs.span('chat', { kind: 'llm' }, async () => new FakeStream());
    assert.ok(result instanceof FakeStream, 'same object, same class');
    const deltas: string[] = [];
    for await (const chunk of result) deltas.push(chunk.choices[0]!.delta.content);
    assert.deepEqual(deltas, ['a', 'b']);
    await obs.flush({ timeoutMs: 2000 });
    const span = byName(collector.accepted, 'chat');
    assert.deepEqual(span.output, [{ choices: [{ delta: { content: 'a' } }] }, { choices: [{ delta: { content: 'b' } }] }]);
    assert.equal(span.status, 'ok');
    await obs.shutdown();
  });

  it('a web ReadableStream of bytes: the caller reads the same bytes; output is their text', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const encoder = new TextEncoder();
    const body = obs.span(
      'sse',
      () =>
        new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode('data: 1\n\n'));
            await tick(5);
            controller.enqueue(encoder.encode('data: 2\n\n'));
            controller.close();
          },
        }),
    );
    assert.ok(body instanceof ReadableStream);
    const text = await new Response(body).text();
    assert.equal(text, 'data: 1\n\ndata: 2\n\n');
    await obs.flush({ timeoutMs: 2000 });
    assert.equal(byName(collector.accepted, 'sse').output, 'data: 1\n\ndata: 2\n\n');
    await obs.shutdown();
  });

  it('a stream that fails marks the span error with what arrived before; a consumer that stops early ends it too', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const failing = obs.span('fails-midway', async function* () {
      yield 'partial';
      throw new Error('connection reset');
    });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const chunk of failing) seen.push(chunk);
      })(),
      /connection reset/,
    );
    assert.deepEqual(seen, ['partial']);

    const endless = obs.span('abandoned', async function* () {
      for (let i = 0; ; i++) yield i;
    });
    for await (const n of endless) if (n === 2) break;

    const numbers = obs.span('sync-generator', function* () {
      yield 1;
      yield 2;
    });
    assert.deepEqual([...numbers], [1, 2]);

    await obs.flush({ timeoutMs: 2000 });
    const failed = byName(collector.accepted, 'fails-midway');
    assert.equal(failed.status, 'error');
    assert.equal(failed.statusMessage, 'connection reset');
    assert.equal(failed.output, 'partial');
    const abandoned = byName(collector.accepted, 'abandoned');
    assert.equal(abandoned.status, 'ok');
    assert.deepEqual(abandoned.output, [0, 1, 2]);
    assert.equal(abandoned.attributes?.['stream.cancelled'], true);
    assert.deepEqual(byName(collector.accepted, 'sync-generator').output, [1, 2]);
    await obs.shutdown();
  });

  it('a Node readable stream ends its span on end (without reading it) and on error', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    const ok = obs.span('node-stream', () => Readable.from(['x', 'y']));
    const chunks: string[] = [];
    ok.on('data', (c: string) => chunks.push(c));
    await new Promise((resolve) => ok.on('end', resolve));
    assert.deepEqual(chunks, ['x', 'y']);
    const broken = obs.span('node-stream-error', () => new Readable({ read() {} }));
    broken.on('error', () => undefined); // the program's own listener
    broken.destroy(new Error('disk gone'));
    await new Promise((resolve) => broken.on('close', resolve));
    await obs.flush({ timeoutMs: 2000 });
    assert.equal(byName(collector.accepted, 'node-stream').status, 'ok');
    assert.equal(byName(collector.accepted, 'node-stream-error').statusMessage, 'disk gone');
    await obs.shutdown();
  });

  it('a stream never consumed is ended at shutdown, marked unfinished', async () => {
    const { obs } = testObs({ baseUrl: collector.url });
    obs.span('never-read', async function* () {
      yield 'never';
    });
    await obs.shutdown({ timeoutMs: 2000 });
    const span = byName(collector.accepted, 'never-read');
    assert.equal(span.attributes?.['agentobs.unfinished'], 'shutdown');
  });
});
