import type { MaskFn } from './capture';

/** The API's span kinds. */
export type SpanKind = 'agent' | 'llm' | 'tool' | 'retrieval' | 'embedding' | 'reranker' | 'guardrail' | 'evaluator' | 'chain' | 'other';
export type SpanStatus = 'ok' | 'error' | 'unset';

/** Why spans were dropped (the keys of `stats().droppedByReason`, the `reason` of `onDrop`). */
export type DropReason = 'bufferFull' | 'retryExpired' | 'tooLarge' | 'rejected' | 'shutdownTimeout';

/** What `onDrop` receives: `count` spans were just dropped for `reason`. */
export interface DropEvent {
  reason: DropReason;
  count: number;
}

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
  /** Spans held in memory (buffered + in flight); past it the oldest are dropped (`bufferFull`). Default 10,000. */
  maxBufferSize?: number;
  /** How long a batch that fails (429, 5xx, network) is retried before it is dropped (`retryExpired`). Default 300,000 ms. */
  maxRetryDurationMs?: number;
  /** How long `shutdown()` and every exit path may take to flush; what is left is spooled. Default 5,000 ms. */
  shutdownTimeoutMs?: number;
  /**
   * Where spans that could not be sent at exit are written, to be sent by the next process with the same API
   * key and base URL. Default `<os.tmpdir()>/agentobs-spool-<username>`; `false` turns spooling off (Node only).
   */
  spoolDir?: string | false;
  /** Told about every drop (`{ reason, count }`), synchronously; exceptions it throws are ignored. */
  onDrop?: (event: DropEvent) => void;
  /** Applied to a JSON-safe copy of every input and output before it is truncated and buffered. */
  mask?: MaskFn;
  /** Inputs and outputs larger than this (UTF-8 JSON bytes) are truncated. Default 65,536; minimum 64. */
  maxFieldSize?: number;
  // ---- JavaScript runtime options (no Python equivalent: Python has `logging` and its own exit hooks) ----

  /**
   * Flush on normal exit, SIGINT/SIGTERM, uncaught exceptions and unhandled rejections, spool on
   * `process.exit()` (Node only). `false` for tests and libraries that call `shutdown()` themselves. Default true.
   */
  registerExitHandlers?: boolean;
  /** Replaces the global `fetch` used to send spans. */
  fetch?: FetchLike;
  /** Where warnings go (one per kind of problem, drops at most one per reason per minute). Default `console`. */
  logger?: Logger;
}

/**
 * @internal Tuning the tests use to reach limits quickly; not options (the Python SDK has the same internals).
 * Read from the options object when present.
 */
export interface InternalOptions extends AgentObsOptions {
  /** Spans per request; the API accepts at most 1000. Default 1000. */
  maxBatchSize?: number;
  /** Uncompressed bytes per request body; the API accepts at most 5 MB. Default 4,000,000. */
  maxBatchBytes?: number;
  /** A request that has not answered by then is aborted and retried. Default 10,000 ms. */
  requestTimeoutMs?: number;
  /** First backoff delay (doubling up to 30 s). Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Gzip request bodies (where `CompressionStream` exists). Default 'gzip'. */
  compression?: 'gzip' | 'none';
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
  /** Spans the server accepted while it ran. */
  sent: number;
  /** Spans dropped while it ran (see `stats().droppedByReason`). */
  dropped: number;
  /** Spans written to the spool directory while it ran (sent by the next process). */
  spooled: number;
  /** Spans still buffered or in flight when it returned. */
  pending: number;
  /** It returned because its timeout elapsed before everything was settled. */
  timedOut: boolean;
}

export interface AgentObsStats {
  /** Ended spans waiting to be sent. */
  buffered: number;
  /** Spans in a request that has not finished. */
  inFlight: number;
  /** buffered + inFlight. */
  pending: number;
  /** Spans of this process the server accepted. */
  sent: number;
  /** HTTP requests made (including retries and replays). */
  requests: number;
  /** Retries scheduled. */
  retries: number;
  /** Spans not recorded because their trace was sampled out (`sampleRate`, or a caller's unsampled traceparent). */
  sampledOut: number;
  /** Spans written to the spool directory (to be sent by the next process). */
  spooled: number;
  /** Spans of earlier processes' spool files that the server accepted. */
  replayed: number;
  /** All spans dropped: the sum of `droppedByReason`. */
  dropped: number;
  droppedByReason: Record<DropReason, number>;
}

/** The handle a callback gets, and what `currentSpan()` returns. Setters return the span for chaining. */
export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  /** False when the trace is sampled out, the SDK is disabled or shut down, or the span has ended. */
  readonly isRecording: boolean;
  /** W3C `traceparent` value naming this span, to pass to another service. */
  readonly traceparent: string;
  setAttribute(key: string, value: unknown): this;
  setAttributes(attributes: Record<string, unknown>): this;
  setInput(value: unknown): this;
  setOutput(value: unknown): this;
  setModel(model: string): this;
  setUsage(usage: UsageInput): this;
  /** A known cost in USD. Leave it out when unknown: it is then stored as unknown, never as 0. */
  setCost(costUsd: number): this;
  setStatus(status: SpanStatus, message?: string): this;
  /** Marks the span `error` with the exception's message (as a throw out of the callback does). */
  recordException(error: unknown): this;
  /** Ends the span now (status `ok` unless set). Spans of `obs.span` end by themselves; a second call is a no-op. */
  end(): void;
}
