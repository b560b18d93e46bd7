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

/** A span with the partition key the baseline COPY gives it (the trace's first start, as the API stores it). */
export interface MixSpan extends BenchSpan {
  traceTime: string;
}

export interface MixBatches {
  /** production-shaped: half of each batch continues traces started in earlier batches; some batches resend spans */
  mix: MixSpan[][];
  /** the very same rows with every continuation in a trace of its own and every resend under a fresh span id */
  newOnly: MixSpan[][];
  /** spans of `mix` that are resends of spans sent before */
  resent: number;
}

/** Share of the mix's continuations sent by another SDK instance than the one that started the trace. */
const CROSS_SENDER = 0.2;

/** A deterministic pseudo-random sequence (the bench data is the same every run). */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/**
 * The realistic mix of issue 19: every batch of `size` spans holds the first half of new traces (root + 9
 * children, as an SDK flushes them while the agent runs) and the second half of traces started earlier (10 more
 * children, 5–90 s later), each trace with its own start time spread over 20 minutes; every 5th batch resends 5 %
 * of its spans (a retried flush: a few with a later end time or an error status). `newOnly` carries the same rows
 * as new traces only (the load `npm run bench` sent before issue 19).
 *
 * Who sends what (`senders`): batch b is sent by SDK instance b % senders, which sends one batch at a time (the
 * SDKs' exporters have one request in flight), so an agent run's next spans leave its process after the batch
 * before was answered. 4 continued traces in 5 were started by the same sender 1–3 of its batches earlier; 1 in 5
 * by any sender 4–12 batches earlier (a run spanning services: another process's SDK continues the trace, maybe
 * while that batch is still being written); resends repeat the sender's previous batch. `senders` 0: no sender
 * at all — every continuation from any batch 4–12 earlier and resends of the batch just before, sent by whichever
 * client is free (the load this bench called the mix until the senders were modelled; it makes batches wait for
 * batches still in flight far more often than SDKs can, and the bench keeps it as `contended`).
 */
export function makeMixBatches(count: number, size = 500, senders = 0): MixBatches {
  const random = rng(19);
  const hex = (bytes: number) => {
    let s = '';
    for (let i = 0; i < bytes; i++)
      s += Math.floor(random() * 256)
        .toString(16)
        .padStart(2, '0');
    return s;
  };
  const base = Date.now() - 40 * 60_000;
  const perTrace = 10;
  interface Started {
    traceId: string;
    rootId: string;
    t0: number;
    traceTime: string;
  }
  const started: Started[][] = [];
  const mix: MixSpan[][] = [];
  const newOnly: MixSpan[][] = [];
  let resent = 0;
  let seq = 0;
  for (let b = 0; b < count; b++) {
    const batch: MixSpan[] = [];
    const alone: MixSpan[] = [];
    const fresh: Started[] = [];
    const resend = b >= (senders || 1) && b % 5 === 0 ? Math.floor(size * 0.05) : 0;
    const continued = Math.floor((size - resend) / 2 / perTrace) * perTrace;
    const firstHalf = size - resend - continued;
    // new traces: root + children
    while (batch.length < firstHalf) {
      const t0 = base + Math.floor(random() * 20 * 60_000) + random();
      const traceId = hex(16);
      const rootId = hex(8);
      const traceTime = new Date(Math.floor(t0)).toISOString();
      fresh.push({ traceId, rootId, t0, traceTime });
      const spans = makeSpans(perTrace, seq++).slice(0, Math.min(perTrace, firstHalf - batch.length));
      for (const s of spans) {
        const shift = new Date(s.startTime).getTime() - new Date(spans[0].startTime).getTime();
        const end = new Date(s.endTime).getTime() - new Date(spans[0].startTime).getTime();
        const span: MixSpan = {
          ...s,
          traceId,
          spanId: s.parentSpanId ? hex(8) : rootId,
          ...(s.parentSpanId ? { parentSpanId: rootId } : {}),
          startTime: new Date(t0 + shift).toISOString(),
          endTime: new Date(t0 + end).toISOString(),
          traceTime,
        };
        batch.push(span);
        alone.push(span);
      }
    }
    // continuations of earlier traces (new traces while the run is young)
    let c = 0;
    while (c < continued) {
      const anyone = !senders || random() < CROSS_SENDER;
      const lag = anyone ? 4 + Math.floor(random() * 9) : senders * (1 + Math.floor(random() * 3));
      const from = started[b - lag];
      const trace = from?.length ? from[Math.floor(random() * from.length)] : null;
      const traceId = trace?.traceId ?? hex(16);
      const rootId = trace?.rootId ?? hex(8);
      const t0 = trace?.t0 ?? base + Math.floor(random() * 20 * 60_000);
      const later = 5000 + Math.floor(random() * 85_000);
      const ownId = hex(16); // the same group as a trace of its own, for newOnly
      const spans = makeSpans(perTrace, seq++);
      const ownTime = new Date(Math.floor(t0 + later)).toISOString(); // the group's earliest start
      for (const s of spans.slice(0, Math.min(perTrace, continued - c))) {
        const startMs = t0 + later + (new Date(s.startTime).getTime() - new Date(spans[0].startTime).getTime());
        const endMs = startMs + (new Date(s.endTime).getTime() - new Date(s.startTime).getTime());
        const span: MixSpan = {
          ...s,
          traceId,
          spanId: hex(8),
          parentSpanId: rootId,
          name: s.parentSpanId ? s.name : 'agent.step',
          kind: s.parentSpanId ? s.kind : 'chain',
          startTime: new Date(startMs).toISOString(),
          endTime: new Date(endMs).toISOString(),
          traceTime: trace?.traceTime ?? ownTime,
        };
        batch.push(span);
        alone.push({ ...span, traceId: ownId, traceTime: ownTime });
        c++;
      }
    }
    // resends: the sender's previous batch again (a retried flush), a few with a later end or an error status
    const prev = mix[b - (senders || 1)] ?? [];
    for (let i = 0; i < resend; i++) {
      const s = prev[Math.floor(random() * prev.length)];
      const changed =
        i % 4 === 0
          ? { endTime: new Date(new Date(s.endTime).getTime() + 1500).toISOString() }
          : i % 4 === 1
            ? { status: 'error', statusMessage: 'retried: upstream timeout' }
            : {};
      const span: MixSpan = { ...s, ...changed };
      batch.push(span);
      alone.push({ ...span, traceId: hex(16), traceTime: span.startTime });
      resent++;
    }
    started.push(fresh);
    mix.push(batch);
    newOnly.push(alone);
  }
  return { mix, newOnly, resent };
}

/** The body of POST /api/v1/ingest for a batch of the mix, encoded once (the partition key stays out: the API derives it). */
export function ingestBody(spans: MixSpan[]): Buffer {
  return Buffer.from(JSON.stringify({ spans: spans.map(({ traceTime: _, ...s }) => s) }));
}

/** COPY text rows for spans that carry their partition key. */
export function copyTextOf(workspaceId: string, spans: MixSpan[]): string {
  let out = '';
  for (const s of spans) {
    out +=
      [
        workspaceId,
        s.traceId,
        s.spanId,
        s.traceTime,
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
