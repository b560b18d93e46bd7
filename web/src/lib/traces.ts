import type { SpanDto } from '@api';

/** Span kinds of the contract (API.md › Traces), in the order the filter offers them. */
export const SPAN_KINDS = [
  'agent',
  'llm',
  'tool',
  'retrieval',
  'embedding',
  'reranker',
  'guardrail',
  'evaluator',
  'chain',
  'other',
] as const;
export type Kind = (typeof SPAN_KINDS)[number];
export const STATUSES = ['ok', 'error', 'unset'] as const;

// ---------------------------------------------------------------------------------------------------------
// Time: span times are ISO-8601 with 6 fraction digits; a JS Date keeps only milliseconds, so we parse the
// fraction ourselves. Epoch microseconds (~1.8e15) are well inside Number's exact integer range (9e15).

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch microseconds of an ISO-8601 time (up to 9 fraction digits, truncated to µs); NaN when unparsable. */
export function isoToMicros(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) return Date.parse(iso) * 1000;
  const seconds = Date.parse(`${m[1]}${m[3] ?? 'Z'}`);
  const frac = (m[2] ?? '').slice(0, 6).padEnd(6, '0');
  return seconds * 1000 + Number(frac);
}

/** "850 µs", "12.4 ms", "3.21 s", "2 min 5 s". */
export function formatMicros(us: number | null | undefined): string {
  if (us === null || us === undefined || !Number.isFinite(us)) return '—';
  if (us < 1000) return `${Math.round(us)} µs`;
  const ms = us / 1000;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 100 ? 1 : 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(2)} s`;
  const min = Math.floor(s / 60);
  return `${min} min ${Math.round(s - min * 60)} s`;
}
export const formatDurationMs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : formatMicros(ms * 1000));

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—';
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 100 ? 2 : 0)}`;
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 10_000) return new Intl.NumberFormat('en').format(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 100_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

const startFmt = new Intl.DateTimeFormat('en', {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
export const formatStart = (iso: string) => startFmt.format(new Date(iso));

// ---------------------------------------------------------------------------------------------------------
// The span tree: nested by parentSpanId, children in start order; a span whose parent is not in the trace
// is shown as a root. Flattened without recursion (a 10,000-deep chain must not overflow the stack).

export interface TreeSpan {
  span: SpanDto;
  index: number;
  depth: number;
  startUs: number;
  /** null while the span is still open */
  endUs: number | null;
  childCount: number;
  parentIndex: number | null;
  /** error in the subtree below this span (not itself) */
  errorBelow: boolean;
}

export interface SpanTree {
  /** every span, depth-first (parents before children, siblings by start) */
  nodes: TreeSpan[];
  startUs: number;
  endUs: number;
  byId: Map<string, number>;
}

export function buildSpanTree(spans: SpanDto[]): SpanTree {
  const n = spans.length;
  const starts = spans.map((s) => isoToMicros(s.startTime));
  const ends = spans.map((s) => (s.endTime ? isoToMicros(s.endTime) : null));
  const ids = new Map<string, number>();
  spans.forEach((s, i) => ids.set(s.spanId, i));
  const children: number[][] = Array.from({ length: n }, () => []);
  const roots: number[] = [];
  spans.forEach((s, i) => {
    const p = s.parentSpanId ? ids.get(s.parentSpanId) : undefined;
    if (p === undefined || p === i) roots.push(i);
    else children[p].push(i);
  });
  const byStart = (a: number, b: number) => starts[a] - starts[b] || a - b;
  roots.sort(byStart);
  for (const c of children) if (c.length > 1) c.sort(byStart);

  const nodes: TreeSpan[] = [];
  const byId = new Map<string, number>();
  const visited = new Uint8Array(n);
  const stack: { i: number; depth: number; parent: number | null }[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push({ i: roots[r], depth: 0, parent: null });
  const emit = () => {
    while (stack.length) {
      const { i, depth, parent } = stack.pop()!;
      if (visited[i]) continue;
      visited[i] = 1;
      byId.set(spans[i].spanId, nodes.length);
      nodes.push({
        span: spans[i],
        index: nodes.length,
        depth,
        startUs: starts[i],
        endUs: ends[i],
        childCount: children[i].length,
        parentIndex: parent,
        errorBelow: false,
      });
      const self = nodes.length - 1;
      for (let c = children[i].length - 1; c >= 0; c--) stack.push({ i: children[i][c], depth: depth + 1, parent: self });
    }
  };
  emit();
  // a parent cycle (a → b → a) has no root: show what is left as roots, in start order
  if (nodes.length < n) {
    const left = [...Array(n).keys()].filter((i) => !visited[i]).sort(byStart);
    for (const i of left) {
      stack.push({ i, depth: 0, parent: null });
      emit();
    }
  }
  // errors below: children come after their parent, so one backwards pass suffices
  for (let k = nodes.length - 1; k >= 0; k--) {
    const node = nodes[k];
    if (node.parentIndex !== null && (node.errorBelow || node.span.status === 'error')) nodes[node.parentIndex].errorBelow = true;
  }
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const node of nodes) {
    startUs = Math.min(startUs, node.startUs);
    endUs = Math.max(endUs, node.endUs ?? node.startUs);
  }
  if (!nodes.length) startUs = endUs = 0;
  return { nodes, startUs, endUs, byId };
}

/** The rows shown: every node whose ancestors are all expanded. */
export function visibleNodes(tree: SpanTree, collapsed: ReadonlySet<string>): TreeSpan[] {
  if (collapsed.size === 0) return tree.nodes;
  const out: TreeSpan[] = [];
  let hideBelow = Infinity; // depth under which rows are hidden
  for (const node of tree.nodes) {
    if (node.depth > hideBelow) continue;
    hideBelow = Infinity;
    out.push(node);
    if (node.childCount > 0 && collapsed.has(node.span.spanId)) hideBelow = node.depth;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Chat messages: a list of { role, content } (or { messages: [...] }) is shown as a conversation.

export interface ChatMessage {
  role: string;
  content: unknown;
}

export function chatMessages(value: unknown): ChatMessage[] | null {
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { messages?: unknown }).messages)
      ? (value as { messages: unknown[] }).messages
      : null;
  if (!list || list.length === 0) return null;
  const ok = list.every(
    (m) => m !== null && typeof m === 'object' && !Array.isArray(m) && typeof (m as { role?: unknown }).role === 'string' && 'content' in m,
  );
  return ok ? (list as ChatMessage[]) : null;
}

/** Text of a message's content: a string, or the text parts of an OpenAI/Anthropic-style part list. */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.map((p) =>
      typeof p === 'string'
        ? p
        : p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string'
          ? (p as { text: string }).text
          : null,
    );
    if (parts.every((p) => p !== null)) return parts.join('\n');
  }
  return prettyJson(content);
}

export const prettyJson = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v, null, 2) ?? String(v)));

// ---------------------------------------------------------------------------------------------------------
// List filters <-> URL search params, so a filtered view can be shared.

export const RANGE_PRESETS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
] as const;
export type RangeId = (typeof RANGE_PRESETS)[number]['id'] | 'custom';
export const DEFAULT_RANGE: RangeId = '24h';

export interface TraceFilters {
  range: RangeId;
  /** ISO, for range=custom */
  from?: string;
  to?: string;
  status?: (typeof STATUSES)[number];
  name?: string;
  kind?: Kind;
  model?: string;
  minDurationMs?: number;
  minCostUsd?: number;
}

const nonNegative = (v: string | null) => {
  if (v === null || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};
const isoOrUndefined = (v: string | null) => (v && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);

export function filtersFromParams(p: URLSearchParams): TraceFilters {
  const range = p.get('range');
  const f: TraceFilters = {
    range: range === 'custom' || RANGE_PRESETS.some((r) => r.id === range) ? (range as RangeId) : DEFAULT_RANGE,
  };
  if (f.range === 'custom') {
    f.from = isoOrUndefined(p.get('from'));
    f.to = isoOrUndefined(p.get('to'));
  }
  const status = p.get('status');
  if (STATUSES.includes(status as never)) f.status = status as TraceFilters['status'];
  const kind = p.get('kind');
  if (SPAN_KINDS.includes(kind as never)) f.kind = kind as Kind;
  const name = p.get('name')?.trim();
  if (name) f.name = name;
  const model = p.get('model')?.trim();
  if (model) f.model = model;
  f.minDurationMs = nonNegative(p.get('minDurationMs'));
  f.minCostUsd = nonNegative(p.get('minCostUsd'));
  return f;
}

export function filtersToParams(f: TraceFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.range !== DEFAULT_RANGE) p.set('range', f.range);
  if (f.range === 'custom') {
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
  }
  if (f.status) p.set('status', f.status);
  if (f.name) p.set('name', f.name);
  if (f.kind) p.set('kind', f.kind);
  if (f.model) p.set('model', f.model);
  if (f.minDurationMs !== undefined) p.set('minDurationMs', String(f.minDurationMs));
  if (f.minCostUsd !== undefined) p.set('minCostUsd', String(f.minCostUsd));
  return p;
}

/** The API's query for these filters; relative ranges end `now`. */
export function filtersToQuery(f: TraceFilters, now = Date.now()) {
  const preset = RANGE_PRESETS.find((r) => r.id === f.range);
  const from = preset ? new Date(now - preset.ms).toISOString() : f.from;
  const to = preset ? undefined : f.to;
  return {
    from,
    to,
    status: f.status,
    name: f.name,
    kind: f.kind,
    model: f.model,
    minDurationMs: f.minDurationMs,
    minCostUsd: f.minCostUsd,
  };
}

export const hasNarrowingFilters = (f: TraceFilters) =>
  !!(f.status || f.name || f.kind || f.model || f.minDurationMs !== undefined || f.minCostUsd !== undefined);
