import { AgentObsClient } from '../generated';
import { captureJson } from './capture';
import { activeContext, type ActiveContext } from './context';
import { newSpanId, newTraceId, parseTraceparent, sampledByTraceId } from './ids';
import { AgentObsSpanProcessor, releaseOtel, setUpOtel, yieldToUserProvider, type OtelSink } from './otel';
import { AGENTOBS_SPAN_KEY, OTEL_SPAN_KEY, validSpanContext, type OtelContext } from './otel-context';
import { runtime, type ExitParticipant } from './runtime';
import { OtelSpanView, SpanImpl, type SpanSink, type WireItem } from './span';
import { isStream, traceStream } from './stream';
import { Transport } from './transport';
import type {
  AgentObsOptions,
  AgentObsStats,
  FlushOptions,
  FlushResult,
  InternalOptions,
  ObserveOptions,
  Span,
  SpanKind,
  SpanOptions,
} from './types';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8000';
const API_MAX_BATCH_SIZE = 1000;

/**
 * The defaults of the numeric options, the same as the Python SDK's (durations there in seconds); both
 * suites check them against clients/testdata/options.json.
 */
export const OPTION_DEFAULTS = {
  flushAt: 100,
  flushIntervalMs: 1000,
  sampleRate: 1,
  maxBufferSize: 10_000,
  maxRetryDurationMs: 300_000,
  shutdownTimeoutMs: 5_000,
  maxFieldSize: 65_536,
} as const satisfies Partial<Record<keyof AgentObsOptions, number>>;

/** @internal Limits that are not options (the API's limits and what SDK.md fixes), the same in Python. */
export const INTERNAL_DEFAULTS = {
  maxBatchSize: API_MAX_BATCH_SIZE,
  maxBatchBytes: 4_000_000,
  requestTimeoutMs: 10_000,
  retryBaseDelayMs: 500,
} as const;

/**
 * A numeric option as given, or its default when left out. Out-of-range values are refused with a
 * RangeError, as the Python SDK refuses them with a ValueError (a misconfiguration is found at startup,
 * not silently replaced). `exclusive`: the minimum itself is refused too.
 */
function numberOption(
  options: AgentObsOptions,
  name: keyof typeof OPTION_DEFAULTS,
  min: number,
  { max = Infinity, exclusive = false, integer = false } = {},
): number {
  const value = options[name] as unknown;
  if (value === undefined) return OPTION_DEFAULTS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value > max || value < min || (exclusive && value === min)) {
    const range = max === Infinity ? `${exclusive ? '>' : '>='} ${min}` : `between ${min} and ${max}`;
    throw new RangeError(`AgentObs: ${name} must be a number ${range} (got ${String(value)})`);
  }
  return integer ? Math.floor(value) : value;
}
export const SPAN_KINDS: readonly SpanKind[] = [
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
];
const KINDS: ReadonlySet<string> = new Set<string>(SPAN_KINDS);
const NO_OPTIONS: SpanOptions = {};

type AnyFn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Method<This, Args extends unknown[], R> = (this: This, ...args: Args) => R;

/** What `@obs.trace(options)` returns: a method decorator for TypeScript 5 standard decorators and for `experimentalDecorators`. */
export interface TraceDecorator {
  <This, Args extends unknown[], R>(
    method: Method<This, Args, R>,
    context: ClassMethodDecoratorContext<This, Method<This, Args, R>>,
  ): Method<This, Args, R>;
  <T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
}

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

function isDecoratorContext(value: unknown): value is ClassMethodDecoratorContext {
  return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string' && 'name' in value;
}

function isDescriptor(value: unknown): value is PropertyDescriptor {
  return value !== null && typeof value === 'object' && ('value' in value || 'get' in value || 'writable' in value);
}

/** Where this instance's spans go: capture settings, the buffer, the open-span list; also the sink of OpenTelemetry spans. */
class Sink implements SpanSink, OtelSink {
  openHead: SpanImpl | null = null;

  constructor(
    private readonly obs: { readonly enabled: boolean },
    private readonly transport: Transport,
    readonly sampleRate: number,
    readonly maxFieldSize: number,
    private readonly mask: AgentObsOptions['mask'],
    private readonly flushTimeoutMs: number,
  ) {}

  get recording(): boolean {
    return this.obs.enabled && !this.transport.isShutdown;
  }

  get accepting(): boolean {
    return this.obs.enabled && !this.transport.isStopped;
  }

  capture(value: unknown): string | undefined {
    return captureJson(value, this.maxFieldSize, this.mask);
  }

  enqueue(item: SpanImpl): void {
    this.transport.enqueue(item);
  }

  enqueueItem(item: WireItem): void {
    this.transport.enqueue(item);
  }

  countSampledOut(): void {
    this.transport.countSampledOut();
  }

  flush(): Promise<unknown> {
    return this.transport.flush(this.flushTimeoutMs);
  }
}

/**
 * The tracing client: creates spans, keeps the active one in async context (shared with OpenTelemetry when
 * present), buffers finished spans and sends them in the background. See SDK.md for the contract.
 */
export class AgentObs implements ExitParticipant {
  readonly baseUrl: string;
  /** Whether spans are recorded (an API key is set). */
  readonly enabled: boolean;
  private readonly apiKey: string | undefined;
  private readonly sampleRate: number;
  private readonly shutdownTimeoutMs: number;
  private readonly ctx: ActiveContext;
  private readonly transport: Transport;
  private readonly sink: Sink;
  private client: AgentObsClient | undefined;
  private exitRegistered = false;

  constructor(options: AgentObsOptions = {}) {
    this.apiKey = options.apiKey ?? env('AGENTOBS_API_KEY');
    this.baseUrl = (options.baseUrl ?? env('AGENTOBS_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.sampleRate = numberOption(options, 'sampleRate', 0, { max: 1 });
    this.shutdownTimeoutMs = numberOption(options, 'shutdownTimeoutMs', 0);
    const logger = options.logger ?? console;
    const internal = options as InternalOptions;
    const maxBufferSize = numberOption(options, 'maxBufferSize', 1, { integer: true });
    const maxBatchSize = Math.min(positiveInt(internal.maxBatchSize, API_MAX_BATCH_SIZE), API_MAX_BATCH_SIZE, maxBufferSize);
    const maxFieldSize = numberOption(options, 'maxFieldSize', 64, { integer: true });
    this.transport = new Transport({
      url: `${this.baseUrl}/api/v1/ingest`,
      apiKey: this.apiKey ?? '',
      flushAt: Math.min(numberOption(options, 'flushAt', 1, { integer: true }), maxBufferSize),
      flushIntervalMs: numberOption(options, 'flushIntervalMs', 0, { exclusive: true }),
      maxBufferSize,
      maxBatchSize,
      maxBatchBytes: positiveInt(internal.maxBatchBytes, INTERNAL_DEFAULTS.maxBatchBytes, 256),
      maxRetryDurationMs: numberOption(options, 'maxRetryDurationMs', 0),
      requestTimeoutMs: positiveInt(internal.requestTimeoutMs, INTERNAL_DEFAULTS.requestTimeoutMs),
      retryBaseDelayMs: positiveInt(internal.retryBaseDelayMs, INTERNAL_DEFAULTS.retryBaseDelayMs, 1),
      compression: internal.compression ?? 'gzip',
      fetch: options.fetch,
      logger,
      onDrop: typeof options.onDrop === 'function' ? options.onDrop : undefined,
    });
    this.enabled = this.apiKey !== undefined && this.apiKey !== '';
    if (!this.enabled) {
      this.transport.warnOnce('no-api-key', 'no API key (pass apiKey or set AGENTOBS_API_KEY): spans are not recorded');
    }
    this.sink = new Sink(this, this.transport, this.sampleRate, maxFieldSize, options.mask, this.shutdownTimeoutMs);
    this.ctx = activeContext();
    // `@obs.trace` without parentheses is called with no receiver; `observe`/`bind` are often passed around.
    this.trace = this.trace.bind(this) as AgentObs['trace'];
    this.observe = this.observe.bind(this);
    this.bind = this.bind.bind(this);

    const rt = runtime();
    if (this.enabled && rt !== undefined) {
      const dir = options.spoolDir === false ? undefined : (options.spoolDir ?? rt.defaultSpoolDir());
      const spool =
        dir === undefined
          ? undefined
          : rt.createSpool({
              dir,
              baseUrl: this.baseUrl,
              apiKey: this.apiKey!,
              onEvict: (count) =>
                this.transport.drop('bufferFull', count, 'the spool directory passed its 50 MB bound; its oldest files were deleted'),
              warn: (key, message) => this.transport.warnOnce(key, message),
            });
      if (spool !== undefined) this.transport.useSpool(spool, true);
      if (options.registerExitHandlers !== false) {
        rt.registerForExit(this);
        this.exitRegistered = true;
      }
    }
    setUpOtel(this.sink, this.enabled);
  }

  /** The generated API client, authenticated with this instance's API key. */
  get api(): AgentObsClient {
    return (this.client ??= new AgentObsClient({ BASE: this.baseUrl, TOKEN: this.apiKey }));
  }

  /**
   * Runs `fn` in a new span: a child of the current span (of this SDK or of OpenTelemetry), or the root of a
   * new trace (or the continuation of `options.traceparent`). The span ends when `fn` returns or its promise
   * settles — or, when it returns a stream, when the stream ends; the result becomes the span's output; an
   * exception marks the span `error` and is re-thrown as is.
   */
  span<T>(name: string, fn: (span: Span) => T): T;
  span<T>(name: string, options: SpanOptions | undefined, fn: (span: Span) => T): T;
  span<T>(name: string, optionsOrFn: SpanOptions | ((span: Span) => T) | undefined, maybeFn?: (span: Span) => T): T {
    if (typeof optionsOrFn === 'function') return this.run(name, NO_OPTIONS, optionsOrFn, undefined);
    const options = optionsOrFn ?? NO_OPTIONS;
    return this.run(name, options, maybeFn as (span: Span) => T, options.input);
  }

  /**
   * Starts a span to end later with `span.end()` (callbacks, event handlers). It is a child of the current
   * span unless `parent`/`traceparent` say otherwise; it does not become the current span (pass it as
   * `parent`, or run code in it with `obs.span(name, { parent: span }, fn)`).
   */
  startSpan(name: string, options: SpanOptions = NO_OPTIONS): Span {
    return this.start(name, options ?? NO_OPTIONS, options?.input);
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
   * A method decorator: `@obs.trace`, `@obs.trace()`, `@obs.trace({ kind: 'llm' })`, with TypeScript 5
   * standard decorators and with `experimentalDecorators`. The span is named `Class.method` unless `name`
   * is given; sync, async and streaming methods, static or not.
   */
  trace<This, Args extends unknown[], R>(
    method: Method<This, Args, R>,
    context: ClassMethodDecoratorContext<This, Method<This, Args, R>>,
  ): Method<This, Args, R>;
  trace<T>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): TypedPropertyDescriptor<T>;
  trace(options?: ObserveOptions): TraceDecorator;
  trace(...args: unknown[]): unknown {
    const applied = this.applyDecorator({}, args);
    if (applied !== undefined) return applied;
    const options = (args[0] ?? {}) as ObserveOptions;
    return ((...dargs: unknown[]) => {
      const result = this.applyDecorator(options, dargs);
      if (result === undefined) throw new TypeError('@obs.trace(options) decorates class methods');
      return result;
    }) as TraceDecorator;
  }

  /** The active span of this SDK, or undefined outside any. */
  currentSpan(): Span | undefined {
    const value = this.ctx.get();
    if (value instanceof SpanImpl) return value;
    if (value !== undefined && value !== null && typeof (value as OtelContext).getValue === 'function') {
      const span = (value as OtelContext).getValue(AGENTOBS_SPAN_KEY);
      return span instanceof SpanImpl ? span : undefined;
    }
    return undefined;
  }

  /** The W3C `traceparent` of the active span, to propagate to a downstream service. */
  traceparent(): string | undefined {
    return this.currentSpan()?.traceparent;
  }

  /**
   * Binds `fn` to the active context, so that it runs as its child wherever it is called from (for example
   * an event listener registered now but emitted from unrelated code).
   */
  bind<F extends AnyFn>(fn: F): F {
    const value = this.ctx.get();
    if (value === undefined) return fn;
    const ctx = this.ctx;
    return function (this: unknown, ...args: unknown[]): unknown {
      return ctx.run(value, () => fn.apply(this, args), undefined);
    } as F;
  }

  /** Sends what is buffered. Always resolves, at the latest after `timeoutMs` (default `shutdownTimeoutMs`). */
  flush(options: FlushOptions = {}): Promise<FlushResult> {
    return this.transport.flush(options.timeoutMs ?? this.shutdownTimeoutMs);
  }

  /**
   * Ends spans still open, flushes (within `timeoutMs`, default `shutdownTimeoutMs`), then stops: what was not
   * sent is spooled for the next process, later spans are not recorded. Idempotent; also runs on exit.
   */
  shutdown(options: FlushOptions = {}): Promise<FlushResult> {
    if (!this.transport.isShutdown) this.abandonOpen('shutdown');
    releaseOtel(this.sink);
    // exit hooks stay registered until the flush is over: a process.exit() meanwhile still spools
    return this.transport.shutdown(options.timeoutMs ?? this.shutdownTimeoutMs).then((result) => {
      this.unregister();
      return result;
    });
  }

  /** Counters of what was sent, spooled, replayed, dropped (by reason) and is pending. */
  stats(): AgentObsStats {
    return this.transport.stats();
  }

  /**
   * An OpenTelemetry SpanProcessor that sends the spans of your tracer provider to the API (OpenInference,
   * OpenLLMetry, GenAI instrumentations …): add it to your provider. Without a provider of your own, the SDK
   * registers one itself and this is not needed.
   */
  otelSpanProcessor(): AgentObsSpanProcessor {
    yieldToUserProvider();
    return new AgentObsSpanProcessor(this.sink);
  }

  /** @internal `process.exit()` and other synchronous ends: open spans end, everything unsent is spooled. */
  exitSync(): void {
    this.unregister();
    this.abandonOpen('exit');
    this.transport.stop();
  }

  /** @internal A crash: open spans end with the error, unsent spans are sent synchronously (bounded), the rest spooled. */
  crashSync(error: unknown): void {
    this.unregister();
    this.abandonOpen('crash', error);
    const rt = runtime();
    if (rt === undefined) this.transport.stop();
    else this.transport.stopAndSendSync((requests, timeoutMs) => rt.sendSync(requests, timeoutMs), this.shutdownTimeoutMs);
  }

  private unregister(): void {
    if (!this.exitRegistered) return;
    this.exitRegistered = false;
    runtime()?.unregisterForExit(this);
  }

  /** Ends every span of this instance that is still open (newest first), marked `agentobs.unfinished`. */
  private abandonOpen(reason: string, error?: unknown): void {
    for (let span = this.sink.openHead; span !== null; span = this.sink.openHead) span._abandon(reason, error);
  }

  private applyDecorator(options: ObserveOptions, args: unknown[]): unknown {
    if (args.length === 2 && typeof args[0] === 'function' && isDecoratorContext(args[1])) {
      return this.decorate(options, args[0] as Method<unknown, unknown[], unknown>, String(args[1].name), args[1].static);
    }
    if (args.length === 3 && isDescriptor(args[2]) && typeof args[2].value === 'function') {
      const descriptor = args[2];
      const isStatic = typeof args[0] === 'function';
      return {
        ...descriptor,
        value: this.decorate(options, descriptor.value as Method<unknown, unknown[], unknown>, String(args[1]), isStatic),
      };
    }
    return undefined;
  }

  private decorate(
    options: ObserveOptions,
    method: Method<unknown, unknown[], unknown>,
    methodName: string,
    isStatic: boolean,
  ): Method<unknown, unknown[], unknown> {
    const obs = this;
    const captureInput = options.captureInput !== false;
    const traced = function (this: unknown, ...args: unknown[]): unknown {
      let name = options.name;
      if (name === undefined) {
        const owner = isStatic ? (this as { name?: unknown } | undefined)?.name : (this as object | undefined)?.constructor?.name;
        name = typeof owner === 'string' && owner !== '' ? `${owner}.${methodName}` : methodName;
      }
      return obs.run(name, options, () => method.apply(this, args), captureInput ? argsInput(args) : undefined);
    };
    try {
      Object.defineProperty(traced, 'name', { value: method.name, configurable: true });
    } catch {
      // some runtimes forbid redefining `name`
    }
    return traced;
  }

  private start(name: string, options: SpanOptions, input: unknown): SpanImpl {
    const kind: SpanKind = options.kind !== undefined && KINDS.has(options.kind) ? options.kind : 'other';
    const active = this.ctx.get() as OtelContext | undefined;
    let parentCtx: OtelContext | undefined = active ?? undefined;
    let traceId: string | undefined;
    let parentSpanId: string | undefined;
    let sampled = false;
    const remote = options.traceparent ? parseTraceparent(options.traceparent) : undefined;
    if (remote !== undefined) {
      traceId = remote.traceId;
      parentSpanId = remote.spanId;
      sampled = remote.sampled;
    } else if (options.parent !== undefined) {
      const parent = options.parent;
      if (parent !== null) {
        traceId = parent.traceId;
        parentSpanId = parent.spanId;
        sampled = parent instanceof SpanImpl ? parent.sampled : true;
        if (parent instanceof SpanImpl) parentCtx = parent;
      }
    } else if (active instanceof SpanImpl) {
      traceId = active.traceId;
      parentSpanId = active.spanId;
      sampled = active.sampled;
    } else if (active !== undefined && active !== null && typeof active.getValue === 'function') {
      const otelSpan = active.getValue(OTEL_SPAN_KEY);
      if (otelSpan instanceof OtelSpanView) {
        traceId = otelSpan.span.traceId;
        parentSpanId = otelSpan.span.spanId;
        sampled = otelSpan.span.sampled;
      } else {
        const sc = validSpanContext(otelSpan);
        if (sc !== undefined) {
          traceId = sc.traceId;
          parentSpanId = sc.spanId;
          sampled = (sc.traceFlags & 1) === 1;
        }
      }
    }
    if (traceId === undefined) {
      traceId = newTraceId();
      sampled = sampledByTraceId(traceId, this.sampleRate);
    }
    const recording = this.enabled && !this.transport.isShutdown;
    const record = recording && sampled;
    const span = new SpanImpl(record ? this.sink : null, traceId, newSpanId(), parentSpanId, String(name), kind, sampled);
    if (parentCtx !== undefined) span._parentCtx = parentCtx;
    if (record) {
      span._open(this.sink);
      if (input !== undefined) span._input = this.sink.capture(input);
      if (options.attributes !== undefined) span.setAttributes(options.attributes);
      if (options.model !== undefined) span.setModel(options.model);
    } else if (recording) {
      this.transport.countSampledOut();
    }
    return span;
  }

  private run<T>(name: string, options: SpanOptions, fn: (span: Span) => T, input: unknown): T {
    const span = this.start(name, options, input);
    let result: T;
    try {
      result = this.ctx.run(span, fn, span);
    } catch (err) {
      span._fail(err);
      throw err;
    }
    if (span._sink === null) return result;
    const captureOutput = options.captureOutput !== false;
    if (isThenable(result)) {
      return result.then(
        (value) => settle(span, value, captureOutput),
        (err: unknown) => {
          span._fail(err);
          throw err;
        },
      ) as T;
    }
    return settle(span, result, captureOutput);
  }
}

/** Ends `span` with `value` — or, when `value` is a stream, when the stream ends. Returns what the caller gets. */
function settle<T>(span: SpanImpl, value: T, captureOutput: boolean): T {
  if (isStream(value)) return traceStream(value, span, captureOutput);
  span._finish(value, captureOutput);
  return value;
}
