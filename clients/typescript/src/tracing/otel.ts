/**
 * The OpenTelemetry bridge, active where `@opentelemetry/api` can be loaded (an optional peer; the Node
 * entry point finds it):
 *
 * - one context: this SDK's spans are OpenTelemetry Contexts, so an OpenTelemetry span started inside
 *   `obs.span(...)` is its child, and `obs.span(...)` inside an active OpenTelemetry span is that span's
 *   child. With no context manager registered, the SDK registers its own (over the storage its spans use);
 *   with another one registered (an OpenTelemetry SDK's), the SDK keeps its spans in that one.
 * - spans to the API: `obs.otelSpanProcessor()` is a SpanProcessor for the user's tracer provider; with no
 *   provider registered, the SDK registers its own (`AgentObsTracerProvider`), whose spans go to the same
 *   buffer as the SDK's. When the user later sets up a provider of their own (`otelSpanProcessor()` is
 *   how), the SDK's provider steps aside: it is unregistered and forwards to whatever is registered next.
 */
import { activeContext, sharedStorage } from './context';
import { newSpanId, newTraceId, sampledByTraceId } from './ids';
import { nowMs } from './clock';
import { EMPTY_CONTEXT, OTEL_SPAN_KEY, validSpanContext, type OtelContext, type OtelSpanContext } from './otel-context';
import { fromReadableSpan, hrTimeToMs, otelWireJson, type OtelEventData, type OtelSpanData } from './otel-map';
import type { WireItem } from './span';

const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');
const SUPPRESS_TRACING_KEY = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** The parts of `@opentelemetry/api` the bridge calls. */
export interface OtelApi {
  context: {
    setGlobalContextManager(manager: unknown): boolean;
    active(): OtelContext;
    with(ctx: OtelContext, fn: (...args: unknown[]) => unknown, thisArg?: unknown, ...args: unknown[]): unknown;
    disable(): void;
  };
  trace: {
    setGlobalTracerProvider(provider: unknown): boolean;
    getTracer(name: string, version?: string, options?: unknown): OtelTracerLike;
    disable(): void;
  };
  ROOT_CONTEXT?: OtelContext;
}

interface OtelTracerLike {
  startSpan(name: string, options?: OtelSpanOptions, context?: OtelContext): unknown;
}

interface OtelSpanOptions {
  kind?: number;
  attributes?: Record<string, unknown>;
  links?: { context: { traceId: string; spanId: string }; attributes?: Record<string, unknown> }[];
  startTime?: unknown;
  root?: boolean;
}

let loader: (() => OtelApi | undefined) | undefined;
let loaded: OtelApi | null | undefined;

/** Registers how to load `@opentelemetry/api` (the Node entry point does, with `require`). */
export function useOpenTelemetryApi(load: () => OtelApi | undefined): void {
  loader = load;
  loaded = undefined;
}

/** `@opentelemetry/api`, or undefined when it is not installed (or the runtime cannot load it). */
export function otelApi(): OtelApi | undefined {
  if (loaded === undefined) {
    try {
      loaded = loader?.() ?? null;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

function registry(): { context?: unknown; trace?: unknown } | undefined {
  return (globalThis as { [OTEL_GLOBAL]?: { context?: unknown; trace?: unknown } })[OTEL_GLOBAL];
}

// ---- the context manager ----------------------------------------------------------------------------

type AnyFn = (...args: unknown[]) => unknown;
const LISTENER_METHODS = ['addListener', 'on', 'once', 'prependListener', 'prependOnceListener'] as const;

interface EmitterLike {
  [key: string]: unknown;
  removeListener?: AnyFn;
  off?: AnyFn;
  removeAllListeners?: AnyFn;
}

function isEmitter(target: unknown): target is EmitterLike {
  const t = target as EmitterLike | null;
  return t !== null && typeof t === 'object' && typeof t['on'] === 'function' && typeof t['emit'] === 'function';
}

/**
 * An OpenTelemetry ContextManager over the storage this SDK's spans use (AsyncLocalStorage in Node), so that
 * both kinds of spans share one active context. `bind` wraps functions, and event emitters the way
 * OpenTelemetry's AsyncLocalStorageContextManager does (listeners run in the bound context).
 */
export class AgentObsContextManager {
  private readonly listeners = Symbol('agentobs listeners');
  private wrapping = false;

  active(): OtelContext {
    const value = sharedStorage().getStore() as OtelContext | undefined;
    return value ?? otelApi()?.ROOT_CONTEXT ?? EMPTY_CONTEXT;
  }

  with<A extends unknown[], R>(context: OtelContext, fn: (...args: A) => R, thisArg?: unknown, ...args: A): R {
    const call = thisArg === undefined ? fn : (...a: A): R => fn.apply(thisArg, a);
    return sharedStorage().run(context, call, ...args);
  }

  bind<T>(context: OtelContext, target: T): T {
    if (isEmitter(target)) return this.bindEmitter(context, target) as T;
    if (typeof target === 'function') {
      const manager = this;
      const fn = target as unknown as AnyFn;
      const bound = function (this: unknown, ...args: unknown[]) {
        return manager.with(context, () => fn.apply(this, args));
      };
      Object.defineProperty(bound, 'length', { value: fn.length, configurable: true });
      return bound as T;
    }
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }

  private bindEmitter(context: OtelContext, ee: EmitterLike): EmitterLike {
    if (ee[this.listeners as unknown as string] !== undefined) return ee;
    const maps: Record<string, WeakMap<AnyFn, AnyFn>> = Object.create(null) as Record<string, WeakMap<AnyFn, AnyFn>>;
    Object.defineProperty(ee, this.listeners, { value: maps, configurable: true });
    const manager = this;
    for (const method of LISTENER_METHODS) {
      const original = ee[method] as AnyFn | undefined;
      if (typeof original !== 'function') continue;
      ee[method] = function (this: unknown, event: string, listener: AnyFn) {
        // `once` adds its own wrapper through `on`: wrap only the outermost call
        if (manager.wrapping) return original.call(this, event, listener);
        const patched = manager.bind(context, listener);
        (maps[event] ??= new WeakMap()).set(listener, patched);
        manager.wrapping = true;
        try {
          return original.call(this, event, patched);
        } finally {
          manager.wrapping = false;
        }
      };
    }
    for (const method of ['removeListener', 'off'] as const) {
      const original = ee[method];
      if (typeof original !== 'function') continue;
      ee[method] = function (this: unknown, ...args: unknown[]) {
        const [event, listener] = args as [string, AnyFn];
        return original.call(this, event, maps[event]?.get(listener) ?? listener);
      };
    }
    const removeAll = ee.removeAllListeners;
    if (typeof removeAll === 'function') {
      ee.removeAllListeners = function (this: unknown, ...args: unknown[]) {
        if (args.length === 0) for (const key of Object.keys(maps)) delete maps[key];
        else delete maps[String(args[0])];
        return removeAll.apply(this, args);
      };
    }
    return ee;
  }
}

let ownManager: AgentObsContextManager | undefined;

// ---- spans from OpenTelemetry, into the buffer -----------------------------------------------------------

/** Where OpenTelemetry spans go: an AgentObs instance (its capture settings and buffer). */
export interface OtelSink {
  /** New spans are recorded (enabled, not shut down). */
  readonly recording: boolean;
  /** Ended spans are still taken (enabled, delivery not stopped: a span ending during the shutdown flush still goes). */
  readonly accepting: boolean;
  readonly sampleRate: number;
  readonly maxFieldSize: number;
  capture(value: unknown): string | undefined;
  enqueueItem(item: WireItem): void;
  countSampledOut(): void;
  flush(): Promise<unknown>;
}

/** An ended OpenTelemetry span waiting in the buffer; mapped to the API's JSON when sent. */
class OtelItem implements WireItem {
  _seq = 0;
  readonly name: string;

  constructor(
    private readonly data: OtelSpanData,
    private readonly sink: OtelSink,
  ) {
    this.name = data.name;
  }

  toWireJson(): string {
    return otelWireJson(this.data, (v) => this.sink.capture(v), this.sink.maxFieldSize);
  }
}

/** A SpanProcessor (of any OpenTelemetry JS SDK) that sends the sampled spans it sees to the API. */
export class AgentObsSpanProcessor {
  constructor(private readonly sink: OtelSink) {}

  onStart(): void {
    // nothing to do before a span ends
  }

  onEnd(span: unknown): void {
    try {
      const sc = (span as { spanContext(): OtelSpanContext }).spanContext();
      if ((sc.traceFlags & 1) !== 1 || !this.sink.accepting) return;
      this.sink.enqueueItem(new OtelItem(fromReadableSpan(span), this.sink));
    } catch {
      // a span of an unexpected shape is not worth an exception in the caller's code
    }
  }

  forceFlush(): Promise<void> {
    return this.sink.flush().then(() => undefined);
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }
}

// ---- this SDK's own tracer provider (when no other is registered) ------------------------------------------

const INVALID_CONTEXT: OtelSpanContext = { traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 };

/** An OpenTelemetry span recorded by the SDK's own tracer. */
class AgentObsOtelSpan implements WireItem {
  _seq = 0;
  private ended = false;
  private readonly attributes: Record<string, unknown> = {};
  private readonly events: OtelEventData[] = [];
  private readonly links: OtelSpanData['links'] = [];
  private statusCode = 0;
  private statusMessage: string | undefined;
  private readonly startMs: number;
  private endMs = 0;

  constructor(
    private readonly sink: OtelSink | null,
    private readonly sc: OtelSpanContext,
    private readonly parentSpanId: string | undefined,
    public name: string,
    private readonly kind: number,
    options: OtelSpanOptions,
    private readonly scopeName: string,
    private readonly scopeVersion: string | undefined,
  ) {
    this.startMs = options.startTime === undefined ? nowMs() : timeInputToMs(options.startTime);
    if (options.attributes) this.setAttributes(options.attributes);
    if (Array.isArray(options.links)) this.addLinks(options.links);
  }

  spanContext(): OtelSpanContext {
    return this.sc;
  }

  isRecording(): boolean {
    return this.sink !== null && !this.ended;
  }

  setAttribute(key: string, value: unknown): this {
    if (this.isRecording() && value !== undefined && value !== null) this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: Record<string, unknown>): this {
    if (attributes) for (const key of Object.keys(attributes)) this.setAttribute(key, attributes[key]);
    return this;
  }

  addEvent(name: string, attributesOrTime?: unknown, time?: unknown): this {
    if (!this.isRecording()) return this;
    let attributes: Record<string, unknown> = {};
    if (isTimeInput(attributesOrTime)) time = attributesOrTime;
    else if (attributesOrTime && typeof attributesOrTime === 'object') attributes = { ...(attributesOrTime as Record<string, unknown>) };
    this.events.push({ name: String(name), timeMs: time === undefined ? nowMs() : timeInputToMs(time), attributes });
    return this;
  }

  addLink(link: { context: { traceId: string; spanId: string }; attributes?: Record<string, unknown> }): this {
    if (this.isRecording() && link?.context) {
      this.links.push({ traceId: link.context.traceId, spanId: link.context.spanId, attributes: link.attributes ?? {} });
    }
    return this;
  }

  addLinks(links: { context: { traceId: string; spanId: string }; attributes?: Record<string, unknown> }[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: { code: number; message?: string }): this {
    if (!this.isRecording() || !status) return this;
    // OK is final; UNSET never overrides
    if (this.statusCode === 1 || status.code === 0) return this;
    this.statusCode = status.code;
    this.statusMessage = status.code === 2 && typeof status.message === 'string' ? status.message : undefined;
    return this;
  }

  updateName(name: string): this {
    if (this.isRecording()) this.name = String(name);
    return this;
  }

  recordException(exception: unknown, time?: unknown): void {
    const e = exception as { name?: unknown; message?: unknown; stack?: unknown; code?: unknown } | string;
    const attributes: Record<string, unknown> = {};
    if (typeof e === 'string') attributes['exception.message'] = e;
    else if (e && typeof e === 'object') {
      const type = typeof e.name === 'string' ? e.name : e.code !== undefined ? String(e.code) : undefined;
      if (type) attributes['exception.type'] = type;
      if (typeof e.message === 'string') attributes['exception.message'] = e.message;
      if (typeof e.stack === 'string') attributes['exception.stacktrace'] = e.stack;
    }
    this.addEvent('exception', attributes, time);
  }

  end(endTime?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (this.sink === null) return;
    this.endMs = endTime === undefined ? nowMs() : timeInputToMs(endTime);
    this.sink.enqueueItem(this);
  }

  toWireJson(): string {
    const sink = this.sink!;
    return otelWireJson(
      {
        traceId: this.sc.traceId,
        spanId: this.sc.spanId,
        parentSpanId: this.parentSpanId,
        name: this.name,
        kind: this.kind,
        startMs: this.startMs,
        endMs: this.endMs,
        statusCode: this.statusCode,
        statusMessage: this.statusMessage,
        attributes: this.attributes,
        events: this.events,
        links: this.links,
        resource: undefined,
        scopeName: this.scopeName,
        scopeVersion: this.scopeVersion,
        traceState: undefined,
      },
      (v) => sink.capture(v),
      sink.maxFieldSize,
    );
  }
}

function isTimeInput(v: unknown): boolean {
  return typeof v === 'number' || v instanceof Date || (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number');
}

function timeInputToMs(t: unknown): number {
  if (t instanceof Date) return t.getTime();
  if (typeof t === 'number') {
    // OpenTelemetry accepts performance.now()-relative numbers as well as epoch milliseconds
    const origin = (globalThis as { performance?: { timeOrigin?: number } }).performance?.timeOrigin ?? 0;
    return t < 1e11 ? origin + t : t;
  }
  return hrTimeToMs(t);
}

/** A non-recording span carrying a span context (sampled out, or a tracer whose provider was disabled). */
class NonRecordingSpan {
  constructor(private readonly sc: OtelSpanContext) {}
  spanContext(): OtelSpanContext {
    return this.sc;
  }
  isRecording(): boolean {
    return false;
  }
  setAttribute(): this {
    return this;
  }
  setAttributes(): this {
    return this;
  }
  addEvent(): this {
    return this;
  }
  addLink(): this {
    return this;
  }
  addLinks(): this {
    return this;
  }
  setStatus(): this {
    return this;
  }
  updateName(): this {
    return this;
  }
  end(): void {}
  recordException(): void {}
}

class AgentObsTracer {
  constructor(
    private readonly provider: AgentObsTracerProvider,
    private readonly name: string,
    private readonly version: string | undefined,
  ) {}

  startSpan(name: string, options: OtelSpanOptions = {}, context?: OtelContext): unknown {
    const api = otelApi();
    if (this.provider.superseded && registry()?.trace !== undefined && api) {
      return api.trace.getTracer(this.name, this.version).startSpan(name, options, context);
    }
    const ctx = context ?? api?.context.active() ?? EMPTY_CONTEXT;
    const parent = options.root ? undefined : validSpanContext(ctx.getValue(OTEL_SPAN_KEY));
    if (ctx.getValue(SUPPRESS_TRACING_KEY) === true) return new NonRecordingSpan(parent ?? INVALID_CONTEXT);
    const traceId = parent?.traceId ?? newTraceId();
    const sink = this.provider.sink;
    const sampled = parent !== undefined ? (parent.traceFlags & 1) === 1 : sampledByTraceId(traceId, sink.sampleRate);
    const sc: OtelSpanContext = { traceId, spanId: newSpanId(), traceFlags: sampled ? 1 : 0, isRemote: false };
    if (!sampled || !sink.recording) {
      if (!sampled && sink.recording) sink.countSampledOut();
      return new NonRecordingSpan(sc);
    }
    return new AgentObsOtelSpan(sink, sc, parent?.spanId, String(name), options.kind ?? 0, options, this.name, this.version);
  }

  startActiveSpan(name: string, ...rest: unknown[]): unknown {
    const fn = rest[rest.length - 1] as (span: unknown) => unknown;
    if (typeof fn !== 'function') return undefined;
    const options = (rest.length >= 2 ? rest[0] : undefined) as OtelSpanOptions | undefined;
    const api = otelApi();
    const ctx = ((rest.length >= 3 ? rest[1] : undefined) as OtelContext | undefined) ?? api?.context.active() ?? EMPTY_CONTEXT;
    const span = this.startSpan(name, options, ctx);
    const withSpan = ctx.setValue(OTEL_SPAN_KEY, span);
    return api ? api.context.with(withSpan, fn as (...args: unknown[]) => unknown, undefined, span) : fn(span);
  }
}

/** The tracer provider the SDK registers when none is: its spans go to the SDK's buffer. */
export class AgentObsTracerProvider {
  /** Set when the user's own provider takes over: tracers handed out earlier forward to it. */
  superseded = false;

  constructor(readonly sink: OtelSink) {}

  getTracer(name: string, version?: string): AgentObsTracer {
    return new AgentObsTracer(this, String(name ?? ''), version);
  }

  forceFlush(): Promise<void> {
    return this.sink.flush().then(() => undefined);
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }
}

let ownProvider: AgentObsTracerProvider | undefined;

/**
 * Sets the bridge up for a recording AgentObs instance: the context is shared with OpenTelemetry when the API
 * is present; the SDK's context manager and tracer provider are registered where none is.
 */
export function setUpOtel(sink: OtelSink, register: boolean): void {
  const api = otelApi();
  if (!api) return;
  const ctx = activeContext();
  ctx.bridged = true;
  if (!register) return;
  const reg = registry();
  if (reg?.context === undefined) {
    const manager = (ownManager ??= new AgentObsContextManager());
    if (api.context.setGlobalContextManager(manager)) ctx.ownManager = manager;
  } else if (reg.context === ownManager) {
    ctx.ownManager = ownManager;
  }
  if (registry()?.trace === undefined) {
    const provider = new AgentObsTracerProvider(sink);
    if (api.trace.setGlobalTracerProvider(provider)) ownProvider = provider;
  }
}

/**
 * The user is setting up a tracer provider of their own (with the SDK's processor): the SDK's provider and
 * context manager, if registered, make room for theirs. If no context manager is registered by the next
 * turn of the event loop, the SDK's goes back (spans of both kinds must keep sharing a context).
 */
export function yieldToUserProvider(): void {
  const api = otelApi();
  if (!api) return;
  activeContext().bridged = true;
  const reg = registry();
  const delegate = (reg?.trace as { getDelegate?: () => unknown } | undefined)?.getDelegate?.();
  if (ownProvider !== undefined && delegate === ownProvider) {
    ownProvider.superseded = true;
    ownProvider = undefined;
    api.trace.disable();
  }
  if (ownManager !== undefined && reg?.context === ownManager) {
    api.context.disable();
    const ctx = activeContext();
    ctx.ownManager = undefined;
    const restore = (): void => {
      if (registry()?.context === undefined && ownManager !== undefined && api.context.setGlobalContextManager(ownManager)) {
        ctx.ownManager = ownManager;
      }
    };
    const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
    if (typeof g.setImmediate === 'function') g.setImmediate(restore);
    else setTimeout(restore, 0);
  }
}

/** An instance shuts down: if the registered provider is its own, it is unregistered (another instance may register). */
export function releaseOtel(sink: OtelSink): void {
  const api = otelApi();
  if (!api || ownProvider === undefined || ownProvider.sink !== sink) return;
  const delegate = (registry()?.trace as { getDelegate?: () => unknown } | undefined)?.getDelegate?.();
  ownProvider.superseded = true;
  if (delegate === ownProvider) api.trace.disable();
  ownProvider = undefined;
}
