/**
 * Runs each example and checks the trace it produced. Shared by the unit tests (against the stand-in
 * collector) and the integration tests (against the real server, reading traces back through `obs.api`).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { AgentObs } from '../../src/index';

export const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface Target {
  baseUrl: string;
  apiKey: string;
}

/** What both the wire format and GET /api/v1/traces/{traceId} have in common. */
export interface SpanLike {
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  kind: string;
  status: string;
  statusMessage?: string | null;
  model?: string | null;
  usage?: { inputTokens: number; outputTokens: number; totalTokens: number } | null;
}

/**
 * The trace as indented lines `name kind status`, siblings sorted (so equal start times cannot
 * reorder them). Fails on spans whose parent is missing from the trace (other than `externalParent`).
 */
export function renderTree(spans: SpanLike[], externalParent?: string): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const roots = spans.filter((s) => !s.parentSpanId || s.parentSpanId === externalParent);
  for (const s of spans) {
    if (s.parentSpanId && s.parentSpanId !== externalParent) assert.ok(ids.has(s.parentSpanId), `${s.name}: parent not in trace`);
  }
  const lines: string[] = [];
  const walk = (span: SpanLike, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${span.name} ${span.kind} ${span.status}`);
    const children = spans.filter((s) => s.parentSpanId === span.spanId);
    children.sort((a, b) => `${a.name} ${a.status}`.localeCompare(`${b.name} ${b.status}`));
    for (const child of children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines;
}

function one(spans: SpanLike[], name: string, status?: string): SpanLike {
  const found = spans.filter((s) => s.name === name && (status === undefined || s.status === status));
  assert.equal(found.length, 1, `one span ${name} ${status ?? ''}`);
  return found[0]!;
}

function usageOf(span: SpanLike) {
  return { inputTokens: span.usage?.inputTokens, outputTokens: span.usage?.outputTokens, totalTokens: span.usage?.totalTokens };
}

// ---- basic ----------------------------------------------------------------------------------------

export const BASIC_SPAN_COUNT = 7;

export async function runBasic(target: Target): Promise<{ traceId: string; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/basic/index.ts', 'Where is my order 42?'], {
    cwd: packageRoot,
    env: { ...process.env, AGENTOBS_BASE_URL: target.baseUrl, AGENTOBS_API_KEY: target.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, `basic example failed:\n${stdout}\n${stderr}`);
  const traceId = /traceId=([0-9a-f]{32})/.exec(stdout)?.[1];
  assert.ok(traceId, `no traceId in output:\n${stdout}`);
  assert.match(stdout, /Your order is shipped/);
  assert.match(stdout, new RegExp(`sent=${BASIC_SPAN_COUNT} dropped=0 pending=0`));
  return { traceId, stdout };
}

export function checkBasicTrace(spans: SpanLike[]): void {
  assert.deepEqual(renderTree(spans), [
    'support-agent agent ok',
    '  draft-answer llm ok',
    '  lookup-order tool ok',
    '    orders-api tool error',
    '    orders-api tool ok',
    '  plan llm ok',
    '  search-docs retrieval ok',
  ]);
  const plan = one(spans, 'plan');
  assert.equal(plan.model, 'gpt-4o-mini');
  assert.deepEqual(usageOf(plan), { inputTokens: 812, outputTokens: 95, totalTokens: 907 });
  assert.deepEqual(usageOf(one(spans, 'draft-answer')), { inputTokens: 1200, outputTokens: 60, totalTokens: 1260 });
  assert.equal(one(spans, 'orders-api', 'error').statusMessage, 'orders API timed out');
}

// ---- express --------------------------------------------------------------------------------------

export interface ExpressRun {
  chat: { traceId: string; parentSpanId: string };
  fail: { traceId: string };
}

/** Starts the example app on an ephemeral port, sends a traced /chat and a failing /fail, shuts down. */
export async function runExpress(target: Target): Promise<ExpressRun> {
  const { createApp } = await import('../../examples/express/app');
  const obs = new AgentObs({ baseUrl: target.baseUrl, apiKey: target.apiKey, registerExitHandlers: false });
  const server = createApp(obs).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // an upstream caller's ids, fresh per run so that repeated integration runs never share a stored trace
  const incomingTraceId = randomBytes(16).toString('hex');
  const parentSpanId = randomBytes(8).toString('hex');
  try {
    const chat = await fetch(`${url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${incomingTraceId}-${parentSpanId}-01` },
      body: JSON.stringify({ message: 'hello' }),
    });
    assert.equal(chat.status, 200);
    const chatBody = (await chat.json()) as { answer: string; traceId: string };
    assert.equal(chatBody.answer, 'echo: hello');
    assert.equal(chatBody.traceId, incomingTraceId, 'the request continued the incoming trace');
    assert.match(chat.headers.get('traceparent') ?? '', new RegExp(`^00-${incomingTraceId}-[0-9a-f]{16}-01$`));

    const fail = await fetch(`${url}/fail`, { method: 'POST' });
    assert.equal(fail.status, 500);
    const failBody = (await fail.json()) as { traceId: string };
    assert.match(failBody.traceId, /^[0-9a-f]{32}$/);
    assert.notEqual(failBody.traceId, incomingTraceId);

    const flushed = await obs.shutdown({ timeoutMs: 5000 });
    assert.deepEqual(flushed, { sent: 5, dropped: 0, spooled: 0, pending: 0, timedOut: false });
    return { chat: { traceId: incomingTraceId, parentSpanId }, fail: { traceId: failBody.traceId } };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export function checkExpressChatTrace(spans: SpanLike[], run: ExpressRun): void {
  assert.deepEqual(renderTree(spans, run.chat.parentSpanId), ['POST /chat agent ok', '  llm-call llm ok', '  retrieve retrieval ok']);
  assert.equal(one(spans, 'POST /chat').parentSpanId, run.chat.parentSpanId);
  assert.ok(spans.every((s) => s.traceId === run.chat.traceId));
  assert.deepEqual(usageOf(one(spans, 'llm-call')), { inputTokens: 150, outputTokens: 20, totalTokens: 170 });
}

export function checkExpressFailTrace(spans: SpanLike[]): void {
  assert.deepEqual(renderTree(spans), ['POST /fail agent error', '  flaky-tool tool error']);
  assert.equal(one(spans, 'POST /fail').statusMessage, 'HTTP 500');
  assert.equal(one(spans, 'flaky-tool').statusMessage, 'tool exploded');
}

// ---- nextjs ---------------------------------------------------------------------------------------

/**
 * Calls the route handler with a Request. The route module reads AGENTOBS_* when first imported, so
 * they are set first. Returns what the handler answered.
 */
export async function runNext(target: Target, prompt: string) {
  process.env['AGENTOBS_BASE_URL'] = target.baseUrl;
  process.env['AGENTOBS_API_KEY'] = target.apiKey;
  const { POST } = await import('../../examples/nextjs/app/api/agent/route');
  const res = await POST(
    new Request('http://localhost:3000/api/agent', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt }),
    }),
  );
  const body = (await res.json()) as {
    answer?: string;
    error?: string;
    traceId: string;
    flushed: { sent: number; dropped: number; pending: number };
  };
  return { status: res.status, body };
}

export function checkNextTrace(spans: SpanLike[], ok: boolean): void {
  if (ok) {
    assert.deepEqual(renderTree(spans), ['nextjs-agent agent ok', '  generate llm ok']);
    assert.deepEqual(usageOf(one(spans, 'generate')), { inputTokens: 42, outputTokens: 7, totalTokens: 49 });
  } else {
    assert.deepEqual(renderTree(spans), ['nextjs-agent agent error']);
    assert.equal(one(spans, 'nextjs-agent').statusMessage, 'prompt is required');
  }
}
