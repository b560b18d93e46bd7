/**
 * Where the active span lives. `AsyncLocalStorage` where the runtime has it, so that the active span
 * follows `await`, promises, timers and event emitters; otherwise a synchronous fallback that still
 * nests spans within one synchronous call stack (and inside `obs.span`'s callback up to its first
 * `await`).
 *
 * The Node entry point registers `node:async_hooks`' class explicitly (works on every Node >= 18);
 * the edge entry point looks for `globalThis.AsyncLocalStorage` (Vercel Edge, Next.js middleware) or
 * `process.getBuiltinModule('node:async_hooks')` (Node >= 20.16, Deno, Bun, Cloudflare with
 * `nodejs_compat`), with no static import of any Node module.
 */
import { foreignContextManager, type OtelContext } from './otel-context';

export interface ContextStorage<T> {
  getStore(): T | undefined;
  run<R, A extends unknown[]>(store: T, fn: (...args: A) => R, ...args: A): R;
}

type StorageClass = new <T>() => ContextStorage<T>;

let registered: StorageClass | undefined;

/** Registers an `AsyncLocalStorage` implementation (done by the Node entry point). */
export function useAsyncLocalStorage(cls: unknown): void {
  if (typeof cls === 'function') registered = cls as StorageClass;
}

function detect(): StorageClass | undefined {
  if (registered) return registered;
  const g = globalThis as {
    AsyncLocalStorage?: unknown;
    process?: { getBuiltinModule?: (id: string) => { AsyncLocalStorage?: unknown } | undefined };
  };
  if (typeof g.AsyncLocalStorage === 'function') return g.AsyncLocalStorage as StorageClass;
  try {
    const mod = g.process?.getBuiltinModule?.('node:async_hooks');
    if (mod && typeof mod.AsyncLocalStorage === 'function') return mod.AsyncLocalStorage as StorageClass;
  } catch {
    // not available in this runtime
  }
  return undefined;
}

/** Synchronous fallback: correct for synchronous nesting, loses the span across `await`. */
export class SyncContextStorage<T> implements ContextStorage<T> {
  private current: T | undefined;
  getStore(): T | undefined {
    return this.current;
  }
  run<R, A extends unknown[]>(store: T, fn: (...args: A) => R, ...args: A): R {
    const previous = this.current;
    this.current = store;
    try {
      return fn(...args);
    } finally {
      this.current = previous;
    }
  }
}

export function createContextStorage<T>(): ContextStorage<T> {
  const cls = detect();
  return cls ? new cls<T>() : new SyncContextStorage<T>();
}

let shared: ContextStorage<unknown> | undefined;

/**
 * The one storage every AgentObs instance (and the OpenTelemetry context manager this SDK registers) shares:
 * its value is the active context, a span of this SDK (which is also an OpenTelemetry Context) or an
 * OpenTelemetry Context set by OpenTelemetry code.
 */
export function sharedStorage(): ContextStorage<unknown> {
  return (shared ??= createContextStorage<unknown>());
}

/**
 * The active context, wherever it lives: in the shared storage, or, when another OpenTelemetry context
 * manager is registered globally (an OpenTelemetry SDK's), in that one, so that spans of both nest.
 */
export class ActiveContext {
  /** Set when `@opentelemetry/api` is available: look for a foreign context manager on each access. */
  bridged = false;
  /** The context manager this SDK registered, if it did (not foreign). */
  ownManager: unknown = undefined;

  constructor(private readonly storage: ContextStorage<unknown>) {}

  get(): unknown {
    if (this.bridged) {
      const cm = foreignContextManager(this.ownManager);
      if (cm !== undefined) return cm.active();
    }
    return this.storage.getStore();
  }

  /** Runs `fn(arg)` with `value` as the active context (one argument: no rest-parameter array on the hot path). */
  run<R, A>(value: unknown, fn: (arg: A) => R, arg: A): R {
    if (this.bridged) {
      const cm = foreignContextManager(this.ownManager);
      if (cm !== undefined) return cm.with(value as OtelContext, fn, undefined, arg);
    }
    return this.storage.run(value, fn, arg);
  }
}

let active: ActiveContext | undefined;

/** The process-wide ActiveContext over the shared storage. */
export function activeContext(): ActiveContext {
  return (active ??= new ActiveContext(sharedStorage()));
}
