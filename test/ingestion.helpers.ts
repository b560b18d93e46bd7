import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { TestContext } from './support/context';

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const newTraceId = () => hex(16);
export const newSpanId = () => hex(8);

/**
 * The `trace.error` events of a workspace in the outbox (what the alerts worker delivers), one row per event: an
 * ingest batch's events travel in one message (`{ events }`, OutboxService.publishMany), a lone event as `{ event }`.
 */
export function traceErrorEvents(t: TestContext, workspaceId: string) {
  return t.sql<{ payload: { event: any } }>(
    `SELECT jsonb_build_object('event', e.event) AS payload
       FROM outbox o CROSS JOIN LATERAL jsonb_array_elements(coalesce(o.payload->'events', jsonb_build_array(o.payload->'event'))) AS e(event)
      WHERE o.job = 'dispatch-event' AND e.event->>'workspaceId' = $1 AND e.event->>'type' = 'trace.error'`,
    [workspaceId],
  );
}

/** ISO-8601 with six fraction digits (how the API returns span times) of epoch ms, plus `us` microseconds. */
export const isoUs = (ms: number, us = 0) => new Date(ms).toISOString().replace('Z', `${String(us).padStart(3, '0')}Z`);

/** ISO timestamp `offsetMs` from now (negative = in the past), with microseconds. */
export const at = (offsetMs = 0) => isoUs(Date.now() + offsetMs);

export interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  kind: string;
  startTime: string;
  endTime?: string | null;
  status?: string;
  statusMessage?: string | null;
  input?: unknown;
  output?: unknown;
  attributes?: Record<string, unknown> | null;
  model?: string | null;
  usage?: { inputTokens?: number; outputTokens?: number; totalTokens?: number } | null;
  costUsd?: number | null;
}

export function span(over: Partial<SpanInput> = {}): SpanInput {
  const start = Date.now() - 60_000;
  return {
    traceId: newTraceId(),
    spanId: newSpanId(),
    name: 'step',
    kind: 'tool',
    startTime: isoUs(start),
    endTime: isoUs(start + 250),
    status: 'ok',
    ...over,
  };
}

/** A small trace: a root agent span and `children` LLM spans under it. */
export function trace(children = 2, over: Partial<SpanInput> = {}): SpanInput[] {
  const traceId = over.traceId ?? newTraceId();
  const start = Date.now() - 120_000;
  const root = span({
    traceId,
    name: 'agent',
    kind: 'agent',
    startTime: isoUs(start),
    endTime: isoUs(start + 10_000),
    ...over,
  });
  const kids = Array.from({ length: children }, (_, i) =>
    span({
      traceId,
      parentSpanId: root.spanId,
      name: `llm-${i}`,
      kind: 'llm',
      model: 'gpt-4o-mini',
      startTime: isoUs(start + 1000 * (i + 1), 1 + i),
      endTime: isoUs(start + 1000 * (i + 1) + 500, 2 + i),
      usage: { inputTokens: 10, outputTokens: 5 },
      costUsd: 0.001,
    }),
  );
  return [root, ...kids];
}

export function ingest(t: TestContext, token: string, spans: unknown[], headers: Record<string, string> = {}) {
  return t.http.post('/api/v1/ingest', { spans }, { token, headers });
}

export function ingestGzip(t: TestContext, token: string, body: string | Buffer, headers: Record<string, string> = {}) {
  return t.http.request('POST', '/api/v1/ingest', undefined, {
    token,
    raw: gzipSync(body),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', ...headers },
  });
}

export async function countRows(t: TestContext, workspaceId: string) {
  const [row] = await t.sql<{ traces: string; spans: string }>(
    `SELECT (SELECT count(*) FROM traces WHERE workspace_id = $1) AS traces, (SELECT count(*) FROM spans WHERE workspace_id = $1) AS spans`,
    [workspaceId],
  );
  return { traces: Number(row.traces), spans: Number(row.spans) };
}

/** Sets a workspace's monthly trace quota (contract override on its billing row). */
export async function setTraceQuota(t: TestContext, workspaceId: string, tracesPerMonth: number) {
  await t.sql(
    `INSERT INTO billing_config (workspace_id, limits_override) VALUES ($1, $2::jsonb)
     ON CONFLICT (workspace_id) DO UPDATE SET limits_override = EXCLUDED.limits_override`,
    [workspaceId, JSON.stringify({ tracesPerMonth })],
  );
}
