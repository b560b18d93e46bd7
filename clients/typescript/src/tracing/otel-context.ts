/**
 * The few OpenTelemetry API shapes the SDK works with, without importing `@opentelemetry/api` (an
 * optional peer): context keys are `Symbol.for` strings and the registry of globals lives on
 * `globalThis`, so every copy of the API agrees on them.
 */

/** `@opentelemetry/api`'s key of the active span in a Context (`createContextKey` is `Symbol.for`). */
export const OTEL_SPAN_KEY = Symbol.for('OpenTelemetry Context Key SPAN');
/** Where this SDK's innermost span sits in an OpenTelemetry Context. */
export const AGENTOBS_SPAN_KEY = Symbol.for('@agentobs/sdk span');
/** `@opentelemetry/api` 1.x keeps its registered globals (context manager, tracer provider, ...) here. */
const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/** `@opentelemetry/api`'s Context. */
export interface OtelContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): OtelContext;
  deleteValue(key: symbol): OtelContext;
}

/** `@opentelemetry/api`'s ContextManager (the parts used here). */
export interface OtelContextManager {
  active(): OtelContext;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: OtelContext,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F>;
}

export interface OtelSpanContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote?: boolean;
  traceState?: unknown;
}

/** Anything with `spanContext()`: an OpenTelemetry span. */
export interface OtelSpanLike {
  spanContext(): OtelSpanContext;
}

const globalObject = globalThis as { [OTEL_GLOBAL]?: { context?: OtelContextManager } };
/** The registry object, once it exists (the API creates it on the first registration and keeps it). */
let registry: { context?: OtelContextManager } | undefined;

/** The globally registered OpenTelemetry context manager, unless it is `own` (or none is registered). Hot path. */
export function foreignContextManager(own: unknown): OtelContextManager | undefined {
  const reg = registry ?? (registry = globalObject[OTEL_GLOBAL]);
  if (reg === undefined) return undefined;
  const cm = reg.context;
  return cm !== undefined && cm !== own ? cm : undefined;
}

/** A Context that is `parent` with one key set (or deleted): immutable, like OpenTelemetry's own. */
export class DerivedContext implements OtelContext {
  constructor(
    private readonly parent: OtelContext | undefined,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    if (key === this.key) return this.value;
    return this.parent === undefined ? undefined : this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): OtelContext {
    return new DerivedContext(this, key, value);
  }

  deleteValue(key: symbol): OtelContext {
    return new DerivedContext(this, key, undefined);
  }
}

/** The empty context (OpenTelemetry's ROOT_CONTEXT works the same way; this one needs no import). */
export const EMPTY_CONTEXT: OtelContext = {
  getValue: () => undefined,
  setValue: (key, value) => new DerivedContext(undefined, key, value),
  deleteValue: () => EMPTY_CONTEXT,
};

const VALID_TRACE = /^[0-9a-f]{32}$/;
const VALID_SPAN = /^[0-9a-f]{16}$/;

/** The span context of an OpenTelemetry span, when it is a valid one. */
export function validSpanContext(span: unknown): OtelSpanContext | undefined {
  if (span === null || typeof span !== 'object' || typeof (span as OtelSpanLike).spanContext !== 'function') return undefined;
  let sc: OtelSpanContext;
  try {
    sc = (span as OtelSpanLike).spanContext();
  } catch {
    return undefined;
  }
  if (
    !sc ||
    !VALID_TRACE.test(sc.traceId) ||
    !VALID_SPAN.test(sc.spanId) ||
    sc.traceId === '00000000000000000000000000000000' ||
    sc.spanId === '0000000000000000'
  ) {
    return undefined;
  }
  return sc;
}
