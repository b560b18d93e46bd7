/** The running stack (AGENTOBS_BASE_URL / AGENTOBS_API_KEY, set by scripts/with-stack.mjs) and reading traces back from it. */
import assert from 'node:assert/strict';
import { AgentObsClient, ApiError } from '../../src/index';
import type { SpanLike, Target } from './examples';

export function target(): Target {
  const baseUrl = process.env['AGENTOBS_BASE_URL'];
  const apiKey = process.env['AGENTOBS_API_KEY'];
  assert.ok(baseUrl, 'AGENTOBS_BASE_URL must point at the running server (e.g. http://127.0.0.1:8000)');
  assert.ok(apiKey, 'AGENTOBS_API_KEY must be a member+ workspace API key (ao_sk_...)');
  return { baseUrl, apiKey };
}

export interface StoredSpan extends SpanLike {
  startTime: string;
  endTime?: string | null;
  input?: unknown;
  output?: unknown;
  attributes?: Record<string, unknown> | null;
  costUsd?: number | null;
}

export interface TraceDetail {
  traceId: string;
  spanCount?: number;
  totalTokens?: number;
  totalCostUsd?: number | null;
  spans: StoredSpan[];
}

/** The generated client, authenticated with the stack's key. */
export function apiClient(): AgentObsClient {
  return new AgentObsClient({ BASE: target().baseUrl, TOKEN: target().apiKey });
}

/** GET /api/v1/traces/{traceId} through the generated client, until at least `spanCount` spans are stored. */
export async function readTrace(traceId: string, spanCount: number, timeoutMs = 20_000): Promise<TraceDetail> {
  const api = apiClient();
  const deadline = Date.now() + timeoutMs;
  let delay = 100;
  let last = 'nothing yet';
  for (;;) {
    try {
      const trace = (await api.request.request({
        method: 'GET',
        url: '/api/v1/traces/{traceId}',
        path: { traceId },
      })) as TraceDetail;
      if (trace.spans.length >= spanCount) {
        assert.equal(trace.traceId, traceId);
        assert.equal(trace.spans.length, spanCount, 'no duplicates');
        return trace;
      }
      last = `${trace.spans.length} of ${spanCount} spans`;
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 404) throw err;
      last = '404';
    }
    if (Date.now() > deadline) assert.fail(`trace ${traceId} not complete within ${timeoutMs} ms (${last})`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(1000, delay * 2);
  }
}

/** Whether the API stores the trace (one GET, no waiting). */
export async function traceExists(traceId: string): Promise<boolean> {
  const api = apiClient();
  try {
    await api.request.request({ method: 'GET', url: '/api/v1/traces/{traceId}', path: { traceId } });
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}
