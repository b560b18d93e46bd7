/**
 * OpenTelemetry spans → the API's span JSON, with the rules the API applies to OTLP (GenAI semantic
 * conventions, OpenInference, OpenLLMetry), so that an instrumented LLM call looks the same whichever way
 * it arrives:
 *
 * - kind: `gen_ai.operation.name` (chat, text_completion, generate_content → llm; embeddings → embedding;
 *   execute_tool → tool; invoke_agent, create_agent → agent), else `openinference.span.kind` (LLM, EMBEDDING,
 *   TOOL, AGENT, RETRIEVER → retrieval, RERANKER, CHAIN, GUARDRAIL, EVALUATOR), else `traceloop.span.kind`,
 *   else `llm.request.type`, else `llm` when a GenAI request model is set, else `other`;
 * - model, usage (`gen_ai.usage.*`, `llm.token_count.*`), cost (`llm.cost.total`; left out when absent);
 * - input/output from the first content source present (`gen_ai.input.messages`, `input.value`, tool
 *   arguments, `gen_ai.prompt`, flattened `gen_ai.prompt.<i>.*` / `llm.input_messages.<i>.*`, then GenAI
 *   message events). Every other content source of the same side is the same content in another shape:
 *   it is left out of `attributes` rather than stored twice;
 * - status: ERROR → `error` (message, or the first exception event), OK → `ok`, UNSET → `unset`;
 * - the rest in `attributes`, with `otel.scope.name`/`version`, `span.kind` (server, client, producer,
 *   consumer), `otel.trace_state`, unused events as `otel.events`, links as `otel.links`, the resource's
 *   attributes as `resource.*`. String values longer than `maxFieldSize` are cut.
 */
import { isoMicros } from './clock';
import { attributesJson, clip, defineKey, MAX_MODEL_LENGTH, MAX_NAME_LENGTH, MAX_STATUS_MESSAGE_LENGTH } from './wire';
import type { SpanKind } from './types';

export interface OtelEventData {
  name: string;
  timeMs: number;
  attributes: Record<string, unknown>;
}

/** One OpenTelemetry span, in the shape both sources (a ReadableSpan, this SDK's own tracer) are read into. */
export interface OtelSpanData {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** `@opentelemetry/api` SpanKind: INTERNAL 0, SERVER 1, CLIENT 2, PRODUCER 3, CONSUMER 4. */
  kind: number;
  startMs: number;
  endMs: number;
  /** UNSET 0, OK 1, ERROR 2. */
  statusCode: number;
  statusMessage: string | undefined;
  attributes: Record<string, unknown>;
  events: OtelEventData[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown> | undefined;
  scopeName: string | undefined;
  scopeVersion: string | undefined;
  traceState: string | undefined;
}

const OPERATION_KINDS = new Map<string, SpanKind>([
  ['chat', 'llm'],
  ['text_completion', 'llm'],
  ['generate_content', 'llm'],
  ['embeddings', 'embedding'],
  ['execute_tool', 'tool'],
  ['invoke_agent', 'agent'],
  ['create_agent', 'agent'],
]);
const OPENINFERENCE_KINDS = new Map<string, SpanKind>([
  ['llm', 'llm'],
  ['embedding', 'embedding'],
  ['tool', 'tool'],
  ['agent', 'agent'],
  ['retriever', 'retrieval'],
  ['reranker', 'reranker'],
  ['chain', 'chain'],
  ['guardrail', 'guardrail'],
  ['evaluator', 'evaluator'],
  ['prompt', 'other'],
  ['unknown', 'other'],
]);
const TRACELOOP_KINDS = new Map<string, SpanKind>([
  ['workflow', 'chain'],
  ['task', 'chain'],
  ['agent', 'agent'],
  ['tool', 'tool'],
]);
const LLM_REQUEST_TYPES = new Map<string, SpanKind>([
  ['chat', 'llm'],
  ['completion', 'llm'],
  ['embedding', 'embedding'],
  ['rerank', 'reranker'],
]);

const MODEL_KEYS = [
  'gen_ai.response.model',
  'gen_ai.request.model',
  'llm.model_name',
  'llm.response.model',
  'llm.request.model',
  'embedding.model_name',
];
const INPUT_TOKEN_KEYS = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'llm.usage.prompt_tokens'];
const OUTPUT_TOKEN_KEYS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
  'llm.usage.completion_tokens',
];
const TOTAL_TOKEN_KEYS = ['llm.token_count.total', 'gen_ai.usage.total_tokens', 'llm.usage.total_tokens'];
const COST_KEYS = ['llm.cost.total'];

type Source = { key: string } | { prefix: string; strip?: string };
const INPUT_SOURCES: Source[] = [
  { key: 'gen_ai.input.messages' },
  { key: 'input.value' },
  { key: 'gen_ai.tool.call.arguments' },
  { key: 'gen_ai.prompt' },
  { prefix: 'gen_ai.prompt.' },
  { prefix: 'llm.input_messages.', strip: 'message.' },
];
const OUTPUT_SOURCES: Source[] = [
  { key: 'gen_ai.output.messages' },
  { key: 'output.value' },
  { key: 'gen_ai.tool.call.result' },
  { key: 'gen_ai.completion' },
  { prefix: 'gen_ai.completion.' },
  { prefix: 'llm.output_messages.', strip: 'message.' },
];
const MESSAGE_EVENTS = new Map<string, string>([
  ['gen_ai.system.message', 'system'],
  ['gen_ai.user.message', 'user'],
  ['gen_ai.assistant.message', 'assistant'],
  ['gen_ai.tool.message', 'tool'],
]);
const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const SPAN_KINDS = ['', 'server', 'client', 'producer', 'consumer'];
const MAX_INDEX = 10_000;
const MAX_TOKENS = 1e12;
const MAX_COST = 1e6;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isPresent = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** A JSON document sent as a string (messages, tool arguments, `input.value`) is stored as JSON; anything else as sent. */
function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function tokenCount(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,13}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_TOKENS ? n : undefined;
}

function cost(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_COST ? n : undefined;
}

/** The first readable value of `keys`; with `all`, the others too are consumed (the same figure under another convention's name). */
function firstOf<T>(
  attrs: Record<string, unknown>,
  keys: readonly string[],
  read: (v: unknown) => T | undefined,
  consumed: Set<string>,
  all: boolean,
): T | undefined {
  let found: T | undefined;
  for (const key of keys) {
    const v = attrs[key];
    if (v === undefined) continue;
    const out = read(v);
    if (out === undefined) continue;
    if (found === undefined) found = out;
    else if (!all) break;
    consumed.add(key);
  }
  return found;
}

function kindOf(attrs: Record<string, unknown>): SpanKind {
  const op = OPERATION_KINDS.get(str(attrs['gen_ai.operation.name'])?.toLowerCase() ?? '');
  if (op) return op;
  const oi = OPENINFERENCE_KINDS.get(str(attrs['openinference.span.kind'])?.toLowerCase() ?? '');
  if (oi) return oi;
  const tl = TRACELOOP_KINDS.get(str(attrs['traceloop.span.kind'])?.toLowerCase() ?? '');
  if (tl) return tl;
  const rt = LLM_REQUEST_TYPES.get(str(attrs['llm.request.type'])?.toLowerCase() ?? '');
  if (rt) return rt;
  if (str(attrs['gen_ai.request.model'])) return 'llm';
  return 'other';
}

/** `prefix.<i>.<field>` attributes → [{ field: value, … }] in index order (flattened messages). */
function indexed(attrs: Record<string, unknown>, prefix: string, strip: string | undefined, consumed: Set<string>): unknown[] | undefined {
  let items: Record<string, unknown>[] | undefined;
  for (const key of Object.keys(attrs)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf('.');
    if (dot <= 0) continue;
    const index = Number(rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 0 || index > MAX_INDEX || rest.slice(0, dot) !== String(index)) continue;
    let name = rest.slice(dot + 1);
    if (strip && name.startsWith(strip)) name = name.slice(strip.length);
    if (!name) continue;
    items ??= [];
    defineKey((items[index] ??= {}), name, parseMaybeJson(attrs[key]));
    consumed.add(key);
  }
  return items?.filter((x) => x !== undefined);
}

/** The first content source present; every other source of that side is consumed too (same content, other shape). */
function content(attrs: Record<string, unknown>, sources: Source[], consumed: Set<string>): unknown {
  let found: unknown;
  for (const source of sources) {
    if ('key' in source) {
      const v = attrs[source.key];
      if (!isPresent(v)) continue;
      consumed.add(source.key);
      if (found === undefined) found = parseMaybeJson(v);
    } else {
      const list = indexed(attrs, source.prefix, source.strip, consumed);
      if (found === undefined && list !== undefined && list.length > 0) found = list;
    }
  }
  return found;
}

function fromEvents(events: OtelEventData[], direction: 'input' | 'output', used: Set<OtelEventData>): unknown {
  const key = `gen_ai.${direction}.messages`;
  const details = events.find((e) => e.name === DETAILS_EVENT && isPresent(e.attributes[key]));
  if (details) {
    used.add(details);
    return parseMaybeJson(details.attributes[key]);
  }
  const messages: unknown[] = [];
  for (const e of events) {
    let role: string | undefined;
    if (direction === 'input' && MESSAGE_EVENTS.has(e.name)) role = MESSAGE_EVENTS.get(e.name);
    else if (!(direction === 'output' && e.name === 'gen_ai.choice')) continue;
    const message: Record<string, unknown> = role ? { role } : {};
    for (const k of Object.keys(e.attributes)) {
      if (k === 'gen_ai.system' || k === 'gen_ai.provider.name') continue;
      defineKey(message, k, parseMaybeJson(e.attributes[k]));
    }
    messages.push(message);
    used.add(e);
  }
  if (messages.length) return messages;
  const legacy = events.find((e) => e.name === `gen_ai.content.${direction === 'input' ? 'prompt' : 'completion'}`);
  const legacyKey = direction === 'input' ? 'gen_ai.prompt' : 'gen_ai.completion';
  if (legacy && isPresent(legacy.attributes[legacyKey])) {
    used.add(legacy);
    return parseMaybeJson(legacy.attributes[legacyKey]);
  }
  return undefined;
}

function exceptionSummary(events: OtelEventData[]): string | undefined {
  const e = events.find((x) => x.name === 'exception');
  if (!e) return undefined;
  const type = str(e.attributes['exception.type']);
  const message = str(e.attributes['exception.message']);
  return type && message ? `${type}: ${message}` : (message ?? type);
}

/** The API's span JSON for an OpenTelemetry span. `capture` turns input/output into bounded (masked) JSON. */
export function otelWireJson(s: OtelSpanData, capture: (value: unknown) => string | undefined, maxFieldSize: number): string {
  const attrs = s.attributes;
  const consumed = new Set<string>();
  const usedEvents = new Set<OtelEventData>();

  const model = firstOf(attrs, MODEL_KEYS, str, consumed, false);
  const inputTokens = firstOf(attrs, INPUT_TOKEN_KEYS, tokenCount, consumed, true);
  const outputTokens = firstOf(attrs, OUTPUT_TOKEN_KEYS, tokenCount, consumed, true);
  const totalTokens = firstOf(attrs, TOTAL_TOKEN_KEYS, tokenCount, consumed, true);
  const costUsd = firstOf(attrs, COST_KEYS, cost, consumed, true);
  const input = content(attrs, INPUT_SOURCES, consumed) ?? (s.events.length ? fromEvents(s.events, 'input', usedEvents) : undefined);
  const output = content(attrs, OUTPUT_SOURCES, consumed) ?? (s.events.length ? fromEvents(s.events, 'output', usedEvents) : undefined);
  if (consumed.has('input.value')) consumed.add('input.mime_type');
  if (consumed.has('output.value')) consumed.add('output.mime_type');

  const status = s.statusCode === 2 ? 'error' : s.statusCode === 1 ? 'ok' : 'unset';
  const statusMessage = status === 'error' ? s.statusMessage || exceptionSummary(s.events) : s.statusMessage || undefined;

  const attributes: Record<string, unknown> = {};
  for (const key of Object.keys(attrs)) {
    if (!consumed.has(key)) defineKey(attributes, key, attrs[key]);
  }
  if (s.scopeName) attributes['otel.scope.name'] = s.scopeName;
  if (s.scopeVersion) attributes['otel.scope.version'] = s.scopeVersion;
  if (SPAN_KINDS[s.kind]) attributes['span.kind'] = SPAN_KINDS[s.kind];
  if (s.traceState) attributes['otel.trace_state'] = s.traceState;
  const events = s.events.filter((e) => !usedEvents.has(e));
  if (events.length) {
    attributes['otel.events'] = events.map((e) => ({
      name: e.name,
      time: isoMicros(e.timeMs),
      ...(Object.keys(e.attributes).length ? { attributes: e.attributes } : {}),
    }));
  }
  if (s.links.length) {
    attributes['otel.links'] = s.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      ...(Object.keys(l.attributes).length ? { attributes: l.attributes } : {}),
    }));
  }
  if (s.resource) for (const key of Object.keys(s.resource)) defineKey(attributes, `resource.${key}`, s.resource[key]);

  const head: Record<string, unknown> = {
    traceId: s.traceId,
    spanId: s.spanId,
  };
  if (s.parentSpanId) head['parentSpanId'] = s.parentSpanId;
  head['name'] = clip(s.name, MAX_NAME_LENGTH) || '(unnamed)';
  head['kind'] = kindOf(attrs);
  head['startTime'] = isoMicros(s.startMs);
  head['endTime'] = isoMicros(Math.max(s.endMs, s.startMs));
  head['status'] = status;
  if (statusMessage) head['statusMessage'] = clip(statusMessage, MAX_STATUS_MESSAGE_LENGTH);
  if (model) head['model'] = clip(model, MAX_MODEL_LENGTH);
  if (inputTokens !== undefined || outputTokens !== undefined || totalTokens !== undefined) {
    const inTokens = inputTokens ?? 0;
    const outTokens = outputTokens ?? 0;
    head['usage'] = { inputTokens: inTokens, outputTokens: outTokens, totalTokens: totalTokens ?? inTokens + outTokens };
  }
  if (costUsd !== undefined) head['costUsd'] = costUsd;
  let json = JSON.stringify(head).slice(0, -1);
  const inputJson = input === undefined ? undefined : capture(input);
  const outputJson = output === undefined ? undefined : capture(output);
  if (inputJson !== undefined) json += ',"input":' + inputJson;
  if (outputJson !== undefined) json += ',"output":' + outputJson;
  const attributesText = attributesJson(attributes, maxFieldSize);
  if (attributesText !== undefined) json += ',"attributes":' + attributesText;
  return json + '}';
}

/** `[seconds, nanoseconds]` → epoch milliseconds with a fraction. */
export function hrTimeToMs(t: unknown): number {
  if (Array.isArray(t) && typeof t[0] === 'number' && typeof t[1] === 'number') return t[0] * 1000 + t[1] / 1e6;
  if (typeof t === 'number') return t;
  return 0;
}

interface ReadableSpanLike {
  name: string;
  kind?: number;
  spanContext(): { traceId: string; spanId: string; traceFlags: number; traceState?: { serialize?: () => string } };
  parentSpanContext?: { spanId?: string };
  parentSpanId?: string;
  startTime: unknown;
  endTime: unknown;
  status?: { code?: number; message?: string };
  attributes?: Record<string, unknown>;
  events?: { name: string; time: unknown; attributes?: Record<string, unknown> }[];
  links?: { context: { traceId: string; spanId: string }; attributes?: Record<string, unknown> }[];
  resource?: { attributes?: Record<string, unknown> };
  instrumentationScope?: { name?: string; version?: string };
  instrumentationLibrary?: { name?: string; version?: string };
}

/** An ended ReadableSpan of an OpenTelemetry SDK (1.x or 2.x) in the mapper's shape. */
export function fromReadableSpan(span: unknown): OtelSpanData {
  const s = span as ReadableSpanLike;
  const sc = s.spanContext();
  const scope = s.instrumentationScope ?? s.instrumentationLibrary;
  let traceState: string | undefined;
  try {
    traceState = sc.traceState?.serialize?.() || undefined;
  } catch {
    traceState = undefined;
  }
  let resource: Record<string, unknown> | undefined;
  try {
    resource = s.resource?.attributes;
  } catch {
    resource = undefined;
  }
  return {
    traceId: sc.traceId,
    spanId: sc.spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? s.parentSpanId ?? undefined,
    name: String(s.name),
    kind: typeof s.kind === 'number' ? s.kind : 0,
    startMs: hrTimeToMs(s.startTime),
    endMs: hrTimeToMs(s.endTime),
    statusCode: s.status?.code ?? 0,
    statusMessage: s.status?.message,
    attributes: s.attributes ?? {},
    events: (s.events ?? []).map((e) => ({ name: e.name, timeMs: hrTimeToMs(e.time), attributes: e.attributes ?? {} })),
    links: (s.links ?? []).map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: l.attributes ?? {} })),
    resource,
    scopeName: scope?.name,
    scopeVersion: scope?.version,
    traceState,
  };
}
