/**
 * Maps decoded OTLP spans onto the span model of API.md (the body of one span for IngestionService.ingest),
 * following the OpenTelemetry GenAI semantic conventions, OpenInference and OpenLLMetry (Traceloop):
 *
 * - kind: `gen_ai.operation.name` (chat, text_completion, generate_content → llm; embeddings → embedding;
 *   execute_tool → tool; invoke_agent, create_agent → agent), else `openinference.span.kind` (LLM, EMBEDDING,
 *   RERANKER, GUARDRAIL, EVALUATOR, RETRIEVER → retrieval, …), else `traceloop.span.kind`, else `llm.request.type`
 *   (embedding → embedding, rerank → reranker, else llm), else `llm` when a GenAI request model is set, else `other`;
 * - model: `gen_ai.response.model`, else `gen_ai.request.model` (then OpenInference/OpenLLMetry names);
 * - usage: `gen_ai.usage.input_tokens`/`output_tokens` (and their older `prompt_`/`completion_` names),
 *   OpenInference `llm.token_count.prompt`/`completion`/`total`; cost: OpenInference `llm.cost.total`;
 * - input/output: `gen_ai.input.messages`/`gen_ai.output.messages`, OpenInference `input.value`/`output.value`,
 *   `gen_ai.tool.call.arguments`/`result`, the older `gen_ai.prompt`/`gen_ai.completion` and their indexed
 *   OpenLLMetry forms, OpenInference `llm.input_messages.*`/`llm.output_messages.*`, then span events
 *   (`gen_ai.client.inference.operation.details`, `gen_ai.{system,user,assistant,tool}.message`,
 *   `gen_ai.choice`, `gen_ai.content.prompt`/`completion`);
 * - status: STATUS_CODE_ERROR → `error` with the status message (or the first exception event's
 *   `exception.type: exception.message`), OK → `ok`, UNSET → `unset`;
 * - everything else is kept in `attributes`: the span's own attributes (minus those moved into the fields
 *   above), the resource's under `resource.*`, the instrumentation scope as `otel.scope.name`/`version`, the
 *   OTLP span kind as `span.kind` (server, client, producer, consumer; internal is the default and left out),
 *   unused events as `otel.events`, links as `otel.links`.
 *
 * OTLP data is mapped best-effort: over-long strings are truncated to the span model's limits and attributes
 * past its key limit are dropped (counted in `otel.dropped_attributes_count`). Ids and timestamps are not
 * repaired: the span model refuses such spans one by one (reported in `partialSuccess`).
 */
import { isoFromUs, JsonText, LIMITS, SpanKind } from '../../ingestion/span-model';
import { Attributes, AttrValue, OtlpEvent, OtlpResourceSpans, OtlpSpan, setKey } from './otlp-request';

/** One span of the request, mapped (or refused before ingestion). */
export interface MappedSpan {
  /** the body for IngestionService.ingest */
  span: Record<string, unknown>;
  /** how error messages name the span */
  ref: string;
}

// Maps, not object literals: attribute values such as "constructor" must not find Object.prototype members.
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
/** Cost in USD: OpenInference's `llm.cost.total` (the SDKs' own bridge sends it too). */
const COST_KEYS = ['llm.cost.total'];

/**
 * Attribute sources of `input` / `output`, best first: a plain key, or an indexed family (`prefix.<i>.<field>`).
 * An indexed family is the flattened form of messages that another source usually holds too (OpenInference sends
 * `llm.input_messages.*` beside `input.value`): it never stays in `attributes`, even when another source wins.
 */
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
/** OTLP SpanKind → `span.kind`; UNSPECIFIED and INTERNAL (the default) are left out. */
const OTLP_SPAN_KINDS = ['', '', 'server', 'client', 'producer', 'consumer'];
const MAX_INDEX = 10_000;

const truncate = (s: string, max: number) => (s.length > max ? s.slice(0, max) : s);
const str = (v: AttrValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isPresent = (v: AttrValue | undefined) => v !== undefined && v !== null && v !== '';

/**
 * Content sent as a JSON document in a string (messages, tool arguments, `input.value`): stored as that JSON,
 * straight from its text (JsonText: parsed to validate it, not serialised again); anything else as sent.
 */
function contentValue(v: AttrValue): AttrValue | JsonText {
  const parsed = parseMaybeJson(v);
  return parsed !== v && typeof v === 'string' ? new JsonText(v, parsed) : parsed;
}

/** A JSON document sent as a string attribute (messages, tool arguments) is stored as JSON; anything else as sent. */
function parseMaybeJson(v: AttrValue): AttrValue {
  if (typeof v !== 'string') return v;
  let i = 0;
  while (i < v.length && (v.charCodeAt(i) === 32 || v.charCodeAt(i) === 10 || v.charCodeAt(i) === 13 || v.charCodeAt(i) === 9)) i++;
  const c = v.charCodeAt(i);
  if (c !== 123 /* { */ && c !== 91 /* [ */) return v;
  try {
    return JSON.parse(v) as AttrValue;
  } catch {
    return v;
  }
}

function tokenCount(v: AttrValue | undefined): number | undefined {
  const n = typeof v === 'string' && /^\d{1,13}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= LIMITS.tokens ? n : undefined;
}

/** A non-negative finite number (also as a decimal string) within the span model's limit; else not a cost. */
function costOf(v: AttrValue | undefined): number | undefined {
  const n = typeof v === 'string' && /^\d{1,7}(\.\d{1,12})?$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= LIMITS.costUsd ? n : undefined;
}

function firstOf<T>(
  attrs: Attributes,
  keys: readonly string[],
  read: (v: AttrValue) => T | undefined,
  consumed: Set<string>,
): T | undefined {
  for (const key of keys) {
    const v = attrs[key];
    if (v === undefined) continue;
    const out = read(v);
    if (out !== undefined) {
      consumed.add(key);
      return out;
    }
  }
  return undefined;
}

function kindOf(attrs: Attributes): SpanKind {
  const op = OPERATION_KINDS.get(str(attrs['gen_ai.operation.name']) ?? '');
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

/** `prefix.<i>.<field>` attributes → [{ field: value, … }] in index order (OpenLLMetry / OpenInference flattened messages). */
function indexed(attrs: Attributes, prefix: string, strip: string | undefined, consumed: Set<string>): AttrValue[] | undefined {
  let items: Record<string, AttrValue>[] | undefined;
  for (const key in attrs) {
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
    items[index] ??= {};
    setKey(items[index], name, attrs[key]);
    consumed.add(key);
  }
  return items?.filter((x) => x !== undefined);
}

function fromAttributes(attrs: Attributes, sources: Source[], consumed: Set<string>): AttrValue | JsonText | undefined {
  let found: AttrValue | JsonText | undefined;
  for (const source of sources) {
    if ('key' in source) {
      if (found !== undefined) continue;
      const v = attrs[source.key];
      if (isPresent(v)) {
        consumed.add(source.key);
        found = contentValue(v);
      }
    } else {
      // consumed even when another source won: the flattened copy of the messages is never kept
      const list = indexed(attrs, source.prefix, source.strip, consumed);
      if (found === undefined && list?.length) found = list;
    }
  }
  return found;
}

/** Message content recorded as span events (GenAI conventions before and after messages moved to attributes). */
function fromEvents(events: OtlpEvent[], direction: 'input' | 'output', used: Set<OtlpEvent>): AttrValue | JsonText | undefined {
  const details = events.find((e) => e.name === DETAILS_EVENT && isPresent(e.attributes[`gen_ai.${direction}.messages`]));
  if (details) {
    used.add(details);
    return contentValue(details.attributes[`gen_ai.${direction}.messages`]);
  }
  const messages: AttrValue[] = [];
  for (const e of events) {
    let role: string | undefined;
    if (direction === 'input' && MESSAGE_EVENTS.has(e.name)) role = MESSAGE_EVENTS.get(e.name);
    else if (direction === 'output' && e.name === 'gen_ai.choice') role = undefined;
    else continue;
    const message: Record<string, AttrValue> = role ? { role } : {};
    for (const key in e.attributes) {
      if (key === 'gen_ai.system' || key === 'gen_ai.provider.name') continue;
      setKey(message, key, parseMaybeJson(e.attributes[key]));
    }
    messages.push(message);
    used.add(e);
  }
  if (messages.length) return messages;
  const legacy = events.find((e) => e.name === `gen_ai.content.${direction === 'input' ? 'prompt' : 'completion'}`);
  const key = direction === 'input' ? 'gen_ai.prompt' : 'gen_ai.completion';
  if (legacy && isPresent(legacy.attributes[key])) {
    used.add(legacy);
    return contentValue(legacy.attributes[key]);
  }
  return undefined;
}

function exceptionSummary(events: OtlpEvent[]): string | undefined {
  const e = events.find((x) => x.name === 'exception');
  if (!e) return undefined;
  const type = str(e.attributes['exception.type']);
  const message = str(e.attributes['exception.message']);
  return type && message ? `${type}: ${message}` : (message ?? type);
}

/** Epoch µs → ISO-8601 with six fraction digits (null for an absent or impossible time: the span model refuses it). */
const iso = (us: number | null): string | null => (us === null || !Number.isFinite(us) ? null : isoFromUs(us));

/** Builds `attributes` within the span model's limits: span attributes first, then OTLP metadata, then the resource's. */
class AttributeWriter {
  readonly out: Record<string, unknown> = {};
  private count = 0;
  dropped = 0;

  /** (a key added twice — a span attribute named like a `resource.*` one — counts twice: the limit is never passed) */
  add(key: string, value: unknown) {
    if (key.length > LIMITS.attributeKey || this.count >= LIMITS.attributeCount - 1) {
      this.dropped++;
      return;
    }
    this.count++;
    setKey(this.out, key, value);
  }

  finish(): Record<string, unknown> | undefined {
    if (this.dropped) setKey(this.out, 'otel.dropped_attributes_count', this.dropped);
    return this.count || this.dropped ? this.out : undefined;
  }
}

/** The used-events set of spans without events (never added to: only spans with events are searched). */
const NO_EVENTS = new Set<OtlpEvent>();

/** A resource's attributes as stored on each of its spans: `resource.<key>` (prefixed once per resource, not per span). */
export type ResourceEntries = [string, AttrValue][];
export const resourceEntries = (resource: Attributes): ResourceEntries =>
  Object.keys(resource).map((key) => [`resource.${key}`, resource[key]]);

/** Maps one OTLP span (with its resource and scope) to a span-model body. */
export function mapSpan(s: OtlpSpan, resource: ResourceEntries, scopeName: string, scopeVersion: string): MappedSpan {
  const attrs = s.attributes;
  const consumed = new Set<string>();
  const usedEvents = s.events.length ? new Set<OtlpEvent>() : NO_EVENTS;

  const model = firstOf(attrs, MODEL_KEYS, (v) => str(v), consumed);
  const inputTokens = firstOf(attrs, INPUT_TOKEN_KEYS, tokenCount, consumed);
  const outputTokens = firstOf(attrs, OUTPUT_TOKEN_KEYS, tokenCount, consumed);
  const totalTokens = firstOf(attrs, TOTAL_TOKEN_KEYS, tokenCount, consumed);
  const costUsd = firstOf(attrs, COST_KEYS, costOf, consumed);
  const input = fromAttributes(attrs, INPUT_SOURCES, consumed) ?? (s.events.length ? fromEvents(s.events, 'input', usedEvents) : undefined);
  const output =
    fromAttributes(attrs, OUTPUT_SOURCES, consumed) ?? (s.events.length ? fromEvents(s.events, 'output', usedEvents) : undefined);
  if (input !== undefined && consumed.has('input.value')) consumed.add('input.mime_type');
  if (output !== undefined && consumed.has('output.value')) consumed.add('output.mime_type');

  const status = s.statusCode === 2 ? 'error' : s.statusCode === 1 ? 'ok' : 'unset';
  const statusMessage = status === 'error' ? s.statusMessage || exceptionSummary(s.events) : s.statusMessage || undefined;

  const attributes = new AttributeWriter();
  for (const key in attrs) if (!consumed.has(key)) attributes.add(key, attrs[key]);
  if (scopeName) attributes.add('otel.scope.name', scopeName);
  if (scopeVersion) attributes.add('otel.scope.version', scopeVersion);
  if (OTLP_SPAN_KINDS[s.kind]) attributes.add('span.kind', OTLP_SPAN_KINDS[s.kind]);
  if (s.traceState) attributes.add('otel.trace_state', s.traceState);
  const events = s.events.filter((e) => !usedEvents.has(e));
  if (events.length) {
    attributes.add(
      'otel.events',
      events.map((e) => ({ name: e.name, time: iso(e.timeUs), ...(hasKeys(e.attributes) ? { attributes: e.attributes } : {}) })),
    );
  }
  if (s.links.length) {
    attributes.add(
      'otel.links',
      s.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, ...(hasKeys(l.attributes) ? { attributes: l.attributes } : {}) })),
    );
  }
  for (const [key, value] of resource) attributes.add(key, value);

  const span: Record<string, unknown> = {
    traceId: s.traceId,
    spanId: s.spanId,
    name: truncate(s.name, LIMITS.name) || '(unnamed)',
    kind: kindOf(attrs),
    startTime: iso(s.startUs),
    status,
  };
  if (s.parentSpanId) span.parentSpanId = s.parentSpanId;
  if (s.endUs !== null) span.endTime = iso(s.endUs);
  if (statusMessage) span.statusMessage = truncate(statusMessage, LIMITS.statusMessage);
  if (input !== undefined) span.input = input;
  if (output !== undefined) span.output = output;
  if (model) span.model = truncate(model, LIMITS.model);
  if (inputTokens !== undefined || outputTokens !== undefined || totalTokens !== undefined) {
    span.usage = { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0, ...(totalTokens !== undefined ? { totalTokens } : {}) };
  }
  if (costUsd !== undefined) span.costUsd = costUsd;
  const attributeMap = attributes.finish();
  if (attributeMap) span.attributes = attributeMap;
  return { span, ref: s.spanId ? `span ${s.spanId.slice(0, 32)}` : 'a span without spanId' };
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Every span of the request, in request order. */
export function mapRequest(request: OtlpResourceSpans[]): MappedSpan[] {
  const out: MappedSpan[] = [];
  for (const rs of request) {
    const resource = resourceEntries(rs.resource);
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) out.push(mapSpan(s, resource, ss.scopeName, ss.scopeVersion));
    }
  }
  return out;
}
