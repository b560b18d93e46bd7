/**
 * Realistic spans for the ingest benchmarks: traces of 10 spans (an agent, 4 LLM calls, 3 tool calls,
 * 2 retrievals) with prompts, completions, attributes, usage and cost, about 1 KB each as JSON.
 */
import { randomBytes } from 'node:crypto';

const WORDS = (
  'the customer asks about refund policy for order shipped late weather api returned partial results summarise ' +
  'documents retrieved from knowledge base answer politely include links escalate when unsure tool call failed retry with ' +
  'backoff vector search top five chunks similarity score model temperature tokens latency budget invoice account plan'
).split(' ');

function text(words: number, seed: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 31 + i * 7) % WORDS.length]);
  return out.join(' ');
}

export interface BenchSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startTime: string;
  endTime: string;
  status: string;
  statusMessage?: string;
  input: unknown;
  output: unknown;
  attributes: Record<string, unknown>;
  model?: string;
  usage?: { inputTokens: number; outputTokens: number; totalTokens: number };
  costUsd?: number;
}

/** `count` spans in traces of 10, new trace ids every call; about 1 in 20 traces has a failing tool call. */
export function makeSpans(count: number, seed = 0): BenchSpan[] {
  const spans: BenchSpan[] = [];
  const base = Date.now() - 3600_000;
  for (let t = 0; spans.length < count; t++) {
    const traceId = randomBytes(16).toString('hex');
    const rootId = randomBytes(8).toString('hex');
    const t0 = base + ((seed * 53 + t) % 3000) * 1000;
    const iso = (ms: number) => new Date(t0 + ms).toISOString();
    const failing = (seed + t) % 20 === 0;
    spans.push({
      traceId,
      spanId: rootId,
      name: 'support-agent',
      kind: 'agent',
      startTime: iso(0),
      endTime: iso(4200),
      status: failing ? 'error' : 'ok',
      input: { question: text(30, t) },
      output: { answer: text(55, t + 1) },
      attributes: { 'user.id': `u-${t % 997}`, 'user.tier': 'pro', 'session.id': `s-${t}`, 'app.version': '1.42.0' },
    });
    for (let i = 0; i < 9 && spans.length < count; i++) {
      const spanId = randomBytes(8).toString('hex');
      const start = 100 + i * 400;
      if (i < 4) {
        spans.push({
          traceId,
          spanId,
          parentSpanId: rootId,
          name: `llm.chat.${i}`,
          kind: 'llm',
          startTime: iso(start),
          endTime: iso(start + 350),
          status: 'ok',
          input: [
            { role: 'system', content: text(16, i) },
            { role: 'user', content: text(28, t + i) },
          ],
          output: { role: 'assistant', content: text(36, t + i + 2) },
          attributes: { 'gen_ai.system': 'openai', 'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 512 },
          model: 'gpt-4o-mini',
          usage: { inputTokens: 812 + i, outputTokens: 95 + i, totalTokens: 907 + 2 * i },
          costUsd: 0.000179,
        });
      } else if (i < 7) {
        const error = failing && i === 6;
        spans.push({
          traceId,
          spanId,
          parentSpanId: rootId,
          name: `tool.${['search', 'lookup_order', 'send_email'][i - 4]}`,
          kind: 'tool',
          startTime: iso(start),
          endTime: iso(start + 120),
          status: error ? 'error' : 'ok',
          ...(error ? { statusMessage: 'HTTP 503 from upstream' } : {}),
          input: { args: { query: text(12, t + i), limit: 5 } },
          output: { result: text(55, t + i + 3) },
          attributes: { 'tool.version': '2', 'http.status_code': error ? 503 : 200 },
        });
      } else {
        spans.push({
          traceId,
          spanId,
          parentSpanId: rootId,
          name: 'retrieve',
          kind: 'retrieval',
          startTime: iso(start),
          endTime: iso(start + 80),
          status: 'ok',
          input: { query: text(14, t + i) },
          output: { documents: [text(24, t), text(24, t + 5)] },
          attributes: { 'retrieval.top_k': 5, 'db.system': 'pgvector' },
        });
      }
    }
  }
  return spans;
}

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
const cell = (v: unknown) => (v === null || v === undefined ? '\\N' : esc(typeof v === 'string' ? v : String(v)));
const json = (v: unknown) => (v === null || v === undefined ? '\\N' : esc(JSON.stringify(v)));

/** Column list of the `spans` table that the COPY text below fills. */
export const SPANS_COPY_COLUMNS =
  'workspace_id, trace_id, span_id, trace_time, parent_span_id, name, kind, start_time, end_time, status, ' +
  'status_message, input, output, attributes, model, input_tokens, output_tokens, total_tokens, cost_usd';

/** The same spans as COPY text rows for the `spans` table (trace_time = the trace's first start). */
export function copyText(workspaceId: string, spans: BenchSpan[]): string {
  const first = new Map<string, string>();
  for (const s of spans) if (!first.has(s.traceId) || s.startTime < (first.get(s.traceId) as string)) first.set(s.traceId, s.startTime);
  let out = '';
  for (const s of spans) {
    out +=
      [
        workspaceId,
        s.traceId,
        s.spanId,
        first.get(s.traceId),
        cell(s.parentSpanId),
        cell(s.name),
        s.kind,
        s.startTime,
        s.endTime,
        s.status,
        cell(s.statusMessage),
        json(s.input),
        json(s.output),
        json(s.attributes),
        cell(s.model),
        cell(s.usage?.inputTokens),
        cell(s.usage?.outputTokens),
        cell(s.usage?.totalTokens),
        cell(s.costUsd),
      ].join('\t') + '\n';
  }
  return out;
}
