import { AgentObsClient } from '../generated';
import { captureJson } from './capture';
import { createContextStorage, type ContextStorage } from './context';
import { registerForExit, unregisterForExit } from './exit';
import { newSpanId, newTraceId, parseTraceparent, sampledByTraceId } from './ids';
import { SpanImpl, type SpanSink } from './span';
import { Transport } from './transport';
import type { AgentObsOptions, AgentObsStats, FlushOptions, FlushResult, ObserveOptions, Span, SpanKind, SpanOptions } from './types';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8000';
const API_MAX_BATCH_SIZE = 1000;
const KINDS: ReadonlySet<string> = new Set<SpanKind>(['agent', 'llm', 'tool', 'retrieval', 'chain', 'other']);
const NO_OPTIONS: SpanOptions = {};

type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Method<This, Args extends unknown[], R> = (this: This, ...args: Args) => R;
type MethodDecorator = <This, Args extends unknown[], R>(
  method: Method<This, Args, R>,
  context: ClassMethodDecoratorContext<This, Method<This, Args, R>>,
) => Method<This, Args, R>;

function env(name: string): string | undefined {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === undefined || value === '' ? undefined : value;
}

function positiveInt(value: number | undefined, fallback: number, min = 1): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(min, Math.floor(value)) : fallback;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function'
  );
}

function argsInput(args: unknown[]): unknown {
  return args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
}

/**
 * The tracing client: creates spans, keeps the active one in async context, buffers finished spans and
 * sends them in the background. See SDK.md for the contract.
 */
export class AgentObs {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly sampleRate: number;
  private readonly flushTimeoutMs: number;
  private readonly shutdownTimeoutMs: number;
  private readonly enabled: boolean;
  private readonly storage: ContextStorage<SpanImpl>;
  private readonly transport: Transport;
  private readonly sink: SpanSink;
  private client: AgentObsClient | undefined;

  constructor(options: AgentObsOptions = {}) {
    this.apiKey = options.apiKey ?? env('AGENTOBS_API_KEY');
    this.baseUrl = (options.baseUrl ?? env('AGENTOBS_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const rate = options.sampleRate ?? 1;
    this.sampleRate = Number.isFinite(rate) ? Math.min(1, Math.max(0, rate)) : 1;
    this.flushTimeoutMs = positiveInt(options.flushTimeoutMs, 10_000, 0);
    this.shutdownTimeoutMs = positiveInt(options.shutdownTimeoutMs, 5_000, 0);
    const logger = options.logger ?? console;
    const maxQueueSize = positiveInt(options.maxQueueSize, 10_000);
    this.transport = new Transport({
      url: `${this.baseUrl}/api/v1/ingest`,
      apiKey: this.apiKey ?? '',
      flushAt: Math.min(positiveInt(options.flushAt, 100), maxQueueSize),
      flushIntervalMs: positiveInt(options.flushIntervalMs, 1000, 0),
      maxQueueSize,
      maxBatchSize: Math.min(positiveInt(options.maxBatchSize, API_MAX_BATCH_SIZE), API_MAX_BATCH_SIZE),
      maxBatchBytes: positiveInt(options.maxBatchBytes, 4_000_000, 256),
      maxRetries: positiveInt(options.maxRetries, 5, 0),
      retryBaseDelayMs: positiveInt(options.retryBaseDelayMs, 250, 0),
      retryMaxDelayMs: positiveInt(options.retryMaxDelayMs, 30_000, 0),
      requestTimeoutMs: positiveInt(options.requestTimeoutMs, 10_000),
      compression: options.compression ?? 'gzip',
      fetch: options.fetch,
      logger,
    });
    this.enabled = options.enabled !== false && this.apiKey !== undefined;
    if (options.enabled !== false && this.apiKey === undefined) {
      this.transport.warnOnce('no-api-key', 'no API key (pass apiKey or set AGENTOBS_API_KEY): spans are not recorded');
    }
    const maxFieldBytes = positiveInt(options.maxFieldBytes, 65_536, 64);
    const mask = options.mask;
    const transport = this.transport;
    this.sink = {
      capture: (value) => captureJson(value, maxFieldBytes, mask),
      enqueue: (span) => transport.enqueue(span),
    };
    this.storage = createContextStorage<SpanImpl>();
    // `@obs.trace` without parentheses is called with no receiver; `observe`/`bind` are often passed around.
    this.trace = this.trace.bind(this) as AgentObs['trace'];
    this.observe = this.observe.bind(this);
    this.bind = this.bind.bind(this);
    if (this.enabled && options.registerExitHandlers !== false) registerForExit(this);
  }

  /** The generated API client, authenticated with this instance's API key. */
  get api(): AgentObsClient {
    return (this.client ??= new AgentObsClient({ BASE: this.baseUrl, TOKEN: this.apiKey }));
  }

  /**
   * Runs `fn` in a new span: a child of the current span, or the root of a new trace (or the
   * continuation of `options.traceparent`). The span ends when `fn` returns or its promise settles;
   * the result becomes the span's output; an exception marks the span `error` and is re-thrown as is.
   */
  span<T>(name: string, fn: (span: Span) => T): T;
  span<T>(name: string, options: SpanOptions | undefined, fn: (span: Span) => T): T;
  span<T>(name: string, optionsOrFn: SpanOptions | ((span: Span) => T) | undefined, maybeFn?: (span: Span) => T): T {
    if (typeof optionsOrFn === 'function') return this.run(name, NO_OPTIONS, optionsOrFn, undefined);
    const options = optionsOrFn ?? NO_OPTIONS;
    return this.run(name, options, maybeFn as (span: Span) => T, options.input);
  }

  /** Wraps `fn` so that every call runs in a span (input: the arguments; output: the result). */
  observe<F extends AnyFn>(fn: F, options: ObserveOptions = {}): F {
    const obs = this;
    const name = options.name ?? (fn.name || 'anonymous');
    const captureInput = options.captureInput !== false;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      return obs.run(name, options, () => fn.apply(this, args), captureInput ? argsInput(args) : undefined);
    };
    try {
      Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
    } catch {
      // some runtimes forbid redefining `name`
    }
    return wrapped as F;
  }

  /**
   * A TypeScript 5 (standard) method decorator: `@obs.trace()` / `@obs.trace({ kind: 'llm' })` /
   * `@obs.trace`. The span is named `Class.method` unless `name` is given; sync and async methods.
   */
  trace<This, Args extends unknown[], R>(
    method: Method<This, Args, R>,
    context: ClassMethodDecoratorContext<This, Method<This, Args, R>>,
  ): Method<This, Args, R>;
  trace(options?: ObserveOptions): MethodDecorator;
  trace(
    methodOrOptions?: ObserveOptions | Method<unknown, unknown[], unknown>,
    context?: ClassMethodDecoratorContext,
  ): MethodDecorator | Method<unknown, unknown[], unknown> {
    if (typeof methodOrOptions === 'function') {
      return this.decorate({}, methodOrOptions, context as ClassMethodDecoratorContext);
    }
    const options = methodOrOptions ?? {};
    return ((method: Method<unknown, unknown[], unknown>, ctx: ClassMethodDecoratorContext) =>
      this.decorate(options, method, ctx)) as MethodDecorator;
  }

  /** The active span, or undefined outside any span. */
  currentSpan(): Span | undefined {
    return this.storage.getStore();
  }

  /** The W3C `traceparent` of the active span, to propagate to a downstream service. */
  traceparent(): string | undefined {
    return this.storage.getStore()?.traceparent;
  }

  /**
   * Binds `fn` to the active span, so that it runs as its child wherever it is called from (for example
   * an event listener registered now but emitted from unrelated code).
   */
  bind<F extends AnyFn>(fn: F): F {
    const span = this.storage.getStore();
    if (span === undefined) return fn;
    const storage = this.storage;
    return function (this: unknown, ...args: unknown[]): unknown {
      return storage.run(span, () => fn.apply(this, args));
    } as F;
  }

  /** Sends what is buffered. Always resolves, at the latest after `timeoutMs` (default 10 s). */
  flush(options: FlushOptions = {}): Promise<FlushResult> {
    return this.transport.flush(options.timeoutMs ?? this.flushTimeoutMs);
  }

  /**
   * Flushes (within `timeoutMs`, default 5 s), then stops: later spans are not recorded. Idempotent;
   * also runs on `beforeExit`, SIGINT and SIGTERM.
   */
  shutdown(options: FlushOptions = {}): Promise<FlushResult> {
    unregisterForExit(this);
    return this.transport.shutdown(options.timeoutMs ?? this.shutdownTimeoutMs);
  }

  /** Counters of what was sent, dropped (by reason) and is pending. */
  stats(): AgentObsStats {
    return this.transport.stats();
  }

  private decorate(
    options: ObserveOptions,
    method: Method<unknown, unknown[], unknown>,
    context: ClassMethodDecoratorContext,
  ): Method<unknown, unknown[], unknown> {
    const obs = this;
    const methodName = String(context.name);
    const captureInput = options.captureInput !== false;
    return function (this: unknown, ...args: unknown[]): unknown {
      let name = options.name;
      if (name === undefined) {
        const owner = context.static ? (this as { name?: unknown } | undefined)?.name : (this as object | undefined)?.constructor?.name;
        name = typeof owner === 'string' && owner !== '' ? `${owner}.${methodName}` : methodName;
      }
      return obs.run(name, options, () => method.apply(this, args), captureInput ? argsInput(args) : undefined);
    };
  }

  private start(name: string, options: SpanOptions, input: unknown): SpanImpl {
    const kind: SpanKind = options.kind !== undefined && KINDS.has(options.kind) ? options.kind : 'other';
    const recording = this.enabled && !this.transport.isShutdown;
    let traceId: string | undefined;
    let parentSpanId: string | undefined;
    let sampled = false;
    const remote = options.traceparent ? parseTraceparent(options.traceparent) : undefined;
    if (remote !== undefined) {
      traceId = remote.traceId;
      parentSpanId = remote.spanId;
      sampled = remote.sampled;
    } else {
      const parent = options.parent === undefined ? this.storage.getStore() : (options.parent ?? undefined);
      if (parent !== undefined) {
        traceId = parent.traceId;
        parentSpanId = parent.spanId;
        sampled = (parent as SpanImpl).sampled;
      } else {
        traceId = newTraceId();
        sampled = sampledByTraceId(traceId, this.sampleRate);
      }
    }
    const record = recording && sampled;
    const span = new SpanImpl(record ? this.sink : null, traceId, newSpanId(), parentSpanId, String(name), kind, sampled);
    if (record) {
      span._startMs = Date.now();
      if (input !== undefined) span._input = this.sink.capture(input);
      if (options.attributes !== undefined) span.setAttributes(options.attributes);
      if (options.model !== undefined) span.setModel(options.model);
    }
    return span;
  }

  private run<T>(name: string, options: SpanOptions, fn: (span: Span) => T, input: unknown): T {
    const span = this.start(name, options, input);
    let result: T;
    try {
      result = this.storage.run(span, fn, span);
    } catch (err) {
      span._fail(err);
      throw err;
    }
    if (span._sink === null) return result;
    const captureOutput = options.captureOutput !== false;
    if (isThenable(result)) {
      return result.then(
        (value) => {
          span._finish(value, captureOutput);
          return value;
        },
        (err: unknown) => {
          span._fail(err);
          throw err;
        },
      ) as T;
    }
    span._finish(result, captureOutput);
    return result;
  }
}
