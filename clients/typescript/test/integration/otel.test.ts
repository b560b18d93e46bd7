/**
 * OpenTelemetry in both directions, with real instrumentations, read back from the real API: OpenInference's
 * OpenAI instrumentation (`@arizeai/openinference-instrumentation-openai` + the `openai` client) against a
 * fake OpenAI server on 127.0.0.1, and a plain `@opentelemetry/sdk-trace-base` tracer. This file runs in a
 * process of its own (node:test), so the OpenTelemetry globals it registers are its own.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { trace, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import * as openaiModule from 'openai';
import OpenAI from 'openai';
import { AgentObs } from '../../src/index';
import { readTrace, target, type StoredSpan } from '../helpers/api';
import { renderTree } from '../helpers/examples';

/** Just enough of the OpenAI API: chat completions (JSON or server-sent events) and embeddings. */
async function startFakeOpenAI(): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      const body = JSON.parse(raw || '{}') as { model?: string; stream?: boolean; messages?: { content: string }[] };
      const model = body.model ?? 'gpt-4o-mini';
      if (req.url === '/v1/embeddings') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'list',
            data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
            model,
            usage: { prompt_tokens: 4, total_tokens: 4 },
          }),
        );
        return;
      }
      const question = body.messages?.at(-1)?.content ?? '';
      const answer = `You asked: ${question}`;
      const base = { id: 'chatcmpl-1', created: Math.floor(Date.now() / 1000), model: `${model}-2024-07-18` };
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const words = answer.split(' ');
        words.forEach((w, i) => {
          const delta = i === 0 ? { role: 'assistant', content: w } : { content: ` ${w}` };
          res.write(
            `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
          );
        });
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let obs: AgentObs;
let provider: BasicTracerProvider;
let tracer: Tracer;
let client: OpenAI;

before(async () => {
  fake = await startFakeOpenAI();
  obs = new AgentObs({ ...target(), registerExitHandlers: false, spoolDir: false, flushIntervalMs: 100 });
  // the app's own OpenTelemetry setup, with the SDK's processor (no context manager: the SDK's is used)
  provider = new BasicTracerProvider({ spanProcessors: [obs.otelSpanProcessor()] });
  assert.equal(trace.setGlobalTracerProvider(provider), true);
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  // ESM: the module is patched by hand (the instrumentation hooks require())
  instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<OpenAIInstrumentation['manuallyInstrument']>[0]);
  tracer = trace.getTracer('app', '1.0.0');
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: `${fake.url}/v1`, maxRetries: 0 });
  await new Promise((resolve) => setImmediate(resolve));
});
after(async () => {
  await provider.shutdown();
  await obs.shutdown();
  fake.server.closeAllConnections();
  await new Promise((resolve) => fake.server.close(resolve));
});

function one(spans: StoredSpan[], name: string): StoredSpan {
  const found = spans.filter((s) => s.name === name);
  assert.equal(found.length, 1, `one span ${name}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
}

describe('OpenTelemetry instrumentations inside obs.span, and obs.span inside OpenTelemetry spans', () => {
  it('one trace: agent > OpenAI chat (OpenInference), embeddings, a streamed chat, and a plain OTel span > obs.span', async () => {
    const traceId = await obs.span('support-agent', { kind: 'agent', input: { question: 'hi' } }, async (root) => {
      const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(completion.choices[0]!.message.content, 'You asked: hi');
      await client.embeddings.create({ model: 'text-embedding-3-small', input: 'hi' });
      await tracer.startActiveSpan('retrieve-and-rerank', async (span) => {
        await obs.span('rerank', { kind: 'reranker' }, async () => ['doc-1']);
        span.end();
      });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'stream' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, 'You asked: stream');
      return root.traceId;
    });
    await obs.flush({ timeoutMs: 10_000 });
    assert.deepEqual(fake.requests, ['POST /v1/chat/completions', 'POST /v1/embeddings', 'POST /v1/chat/completions']);

    const stored = await readTrace(traceId, 6);
    assert.deepEqual(renderTree(stored.spans), [
      'support-agent agent ok',
      '  OpenAI Chat Completions llm ok',
      '  OpenAI Chat Completions llm unset', // OpenInference leaves a streamed call's status unset
      '  OpenAI Embeddings embedding ok',
      '  retrieve-and-rerank other unset',
      '    rerank reranker ok',
    ]);
    const chats = stored.spans.filter((s) => s.name === 'OpenAI Chat Completions');
    const plain = chats.find((s) => s.usage !== null && s.usage !== undefined && s.usage.totalTokens === 17)!;
    assert.ok(plain, JSON.stringify(chats));
    assert.equal(plain.model, 'gpt-4o-mini-2024-07-18');
    assert.deepEqual(plain.usage, { inputTokens: 12, outputTokens: 5, totalTokens: 17 });
    assert.equal((plain.input as { model: string }).model, 'gpt-4o-mini');
    assert.ok(JSON.stringify(plain.output).includes('You asked: hi'));
    const keys = Object.keys(plain.attributes ?? {});
    assert.deepEqual(
      keys.filter((k) => /^llm\.(input|output)_messages\./.test(k)),
      [],
      'flattened messages are not duplicated in attributes',
    );
    const streamed = chats.find((s) => s !== plain)!;
    assert.ok(JSON.stringify(streamed.output).includes('You asked: stream'), JSON.stringify(streamed.output));
    const embedding = one(stored.spans, 'OpenAI Embeddings');
    assert.equal(embedding.model, 'text-embedding-3-small');
    for (const span of stored.spans) assert.match(span.startTime, /\.\d{6}Z$/, 'microseconds stored and returned');
    assert.equal(stored.totalCostUsd ?? null, null, 'no span had a cost: unknown, not 0');
  });

  it('the other direction: an OpenTelemetry root > obs.span > OpenAI call, one trace', async () => {
    let traceId = '';
    await tracer.startActiveSpan('GET /chat', { kind: 1 }, async (server) => {
      traceId = server.spanContext().traceId;
      await obs.span('chat-handler', { kind: 'agent' }, async (handler) => {
        assert.equal(handler.traceId, traceId);
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'from otel' }] });
      });
      server.end();
    });
    await obs.flush({ timeoutMs: 10_000 });
    const stored = await readTrace(traceId, 3);
    assert.deepEqual(renderTree(stored.spans), ['GET /chat other unset', '  chat-handler agent ok', '    OpenAI Chat Completions llm ok']);
    assert.equal(one(stored.spans, 'GET /chat').attributes?.['span.kind'], 'server');
  });
});
