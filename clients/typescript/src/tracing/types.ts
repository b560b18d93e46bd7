import type { MaskFn } from './capture';

export type SpanKind = 'agent' | 'llm' | 'tool' | 'retrieval' | 'chain' | 'other';
export type SpanStatus = 'ok' | 'error' | 'unset';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface UsageInput {
  inputTokens?: number;
  outputTokens?: number;
  /** Defaults to inputTokens + outputTokens. */
  totalTokens?: number;
}

/** Where spans go: an HTTP endpoint is the default; tests and custom transports may pass their own `fetch`. */
export type FetchLike = (
  input: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body: string | Uint8Array;
    signal: AbortSignal;
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface Logger {
  warn(message: string): void;
}

export interface AgentObsOptions {
  /** Workspace API key (`ao_sk_...`). Default: env `AGENTOBS_API_KEY`. Without one, nothing is recorded. */
  apiKey?: string;
  /** Server root. Default: env `AGENTOBS_BASE_URL`, else `http://127.0.0.1:8000`. */
  baseUrl?: string;
  /** Send as soon as this many spans are buffered. Default 100. */
  flushAt?: number;
  /** Send buffered spans at most this long after they end. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Probability that a new trace is recorded, decided once per trace from its id. Default 1. */
  sampleRate?: number;
  /** Bounded buffer: past it the oldest spans are dropped (and counted). Default 10,000. */
  maxQueueSize?: number;
  /** Spans per request; the API accepts at most 1000. Default 1000. */
  maxBatchSize?: number;
  /** Uncompressed bytes per request body; the API accepts at most 5 MB. Default 4,000,000. */
  maxBatchBytes?: number;
  /** Inputs and outputs larger than this (UTF-8 JSON) are truncated. Default 65,536; minimum 64. */
  maxFieldBytes?: number;
  /** Applied to a JSON-safe copy of every input and output before it is truncated and buffered. */
  mask?: MaskFn;
  /** Retries of a batch after 429, 5xx or a network error before it is dropped (and counted). Default 5. */
  maxRetries?: number;
  /** First backoff delay; doubles with each retry, with jitter. Default 250 ms. */
  retryBaseDelayMs?: number;
  /** Backoff ceiling (a `Retry-After` is honoured beyond it, up to 5 minutes). Default 30,000 ms. */
  retryMaxDelayMs?: number;
  /** A request that has not answered by then is aborted and retried. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** Default timeout of `flush()`. Default 10,000 ms. */
  flushTimeoutMs?: number;
  /** Default timeout of `shutdown()` (also used on process exit and signals). Default 5,000 ms. */
  shutdownTimeoutMs?: number;
  /** Gzip request bodies (where `CompressionStream` exists). Default 'gzip'. */
  compression?: 'gzip' | 'none';
  /** false: record nothing, send nothing (spans still get ids and propagate context). Default true. */
  enabled?: boolean;
  /** Shut down on `beforeExit`, SIGINT and SIGTERM (Node only). Default true. */
  registerExitHandlers?: boolean;
  /** Replaces the global `fetch` used to send spans. */
  fetch?: FetchLike;
  /** Where the (rate-limited: one per kind of problem) warnings go. Default `console`. */
  logger?: Logger;
}

export interface SpanOptions {
  kind?: SpanKind;
  /** Captured as JSON when the span starts. */
  input?: unknown;
  attributes?: Record<string, unknown>;
  model?: string;
  /** Continue a trace from another service (W3C `traceparent` header value). Ignored when invalid. */
  traceparent?: string | null;
  /** An explicit parent instead of the current span; `null` starts a new trace. */
  parent?: Span | null;
  /** Record the callback's return value as the output (unless `setOutput` was called). Default true. */
  captureOutput?: boolean;
}

export interface ObserveOptions extends Omit<SpanOptions, 'input'> {
  /** Span name. Default: the function's name (for `trace`, `Class.method`). */
  name?: string;
  /** Record the arguments as the input (one argument as itself, several as an array). Default true. */
  captureInput?: boolean;
}

export interface FlushOptions {
  timeoutMs?: number;
}

/** What a `flush` / `shutdown` achieved while it ran, and what is left. */
export interface FlushResult {
  /** Spans the server accepted while the flush ran. */
  sent: number;
  /** Spans dropped while the flush ran (rejected, too large, retries exhausted, buffer overflow). */
  dropped: number;
  /** Spans still buffered or in flight when it returned. */
  pending: number;
}

export interface AgentObsStats {
  /** Spans the server accepted. */
  sent: number;
  /** All spans dropped, the sum of the `dropped*` counters. */
  dropped: number;
  /** The buffer was full: the oldest spans were dropped. */
  droppedBufferFull: number;
  /** A single span larger than a request may be (or answered 413 on its own). */
  droppedTooLarge: number;
  /** Refused by the server: a 4xx other than 408/413/429, or a per-span error in a 200 answer. */
  droppedRejected: number;
  /** Retries exhausted, or still in flight when `shutdown` gave up. */
  droppedFailed: number;
  /** Ended after `shutdown`. */
  droppedAfterShutdown: number;
  /** Buffered, not yet sent. */
  buffered: number;
  /** In a request that has not finished. */
  inFlight: number;
  /** buffered + inFlight. */
  pending: number;
  /** HTTP requests made (including retries). */
  requests: number;
  /** Retries scheduled. */
  retries: number;
}

/** The handle a callback gets, and what `currentSpan()` returns. Setters return the span for chaining. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  /** False when the trace is sampled out, the SDK is disabled or shut down: setters are then no-ops. */
  readonly isRecording: boolean;
  /** W3C `traceparent` value naming this span, to pass to another service. */
  readonly traceparent: string;
  setAttribute(key: string, value: unknown): this;
  setAttributes(attributes: Record<string, unknown>): this;
  setInput(value: unknown): this;
  setOutput(value: unknown): this;
  setModel(model: string): this;
  setUsage(usage: UsageInput): this;
  setCost(costUsd: number): this;
  setStatus(status: SpanStatus, message?: string): this;
  /** Marks the span `error` with the exception's message (as a throw out of the callback does). */
  recordException(error: unknown): this;
}
