/**
 * Streaming results: a traced function that returns an async iterator (an async generator, OpenAI's
 * `Stream`, anything with `Symbol.asyncIterator`), a generator, a web `ReadableStream` or a Node readable
 * stream ends its span when the stream ends — not when the function returns — with the chunks as the
 * output (their text joined when they are all strings or bytes). Code running inside the generator
 * (between yields) runs in the span, so its spans are its children.
 *
 * Async iterators and generators are instrumented in place (own `next`/`return`/`throw`), so the caller
 * gets the very object the function returned; a `ReadableStream` is replaced by one that reads it (same
 * type, same chunks). A Node stream's span ends on 'end' or 'close' (its chunks are not read: reading
 * would change its flow), and its error is read from `stream.errored` (an 'error' listener would change
 * whether an unhandled stream error crashes the process).
 */
import { activeContext } from './context';
import type { SpanImpl } from './span';

/** Chunks kept for the output; past either bound the rest is counted, not kept (the output is truncated anyway). */
const MAX_CHUNKS = 10_000;
const MAX_TEXT = 4 * 1024 * 1024;

type AnyFn = (...args: unknown[]) => unknown;

const toStringTag = (v: object): string => Object.prototype.toString.call(v);

function isReadableStream(v: object): v is ReadableStream<unknown> {
  return typeof ReadableStream === 'function' && v instanceof ReadableStream;
}

function isNodeReadable(v: object): v is NodeReadableLike {
  const s = v as Partial<NodeReadableLike>;
  return typeof s.pipe === 'function' && typeof s.once === 'function' && typeof s.read === 'function';
}

interface NodeReadableLike {
  pipe: AnyFn;
  read: AnyFn;
  once(event: string, listener: () => void): unknown;
  errored?: unknown;
}

/** Whether `value` is a stream whose end (not the function's return) ends the span. Cheap for plain values. */
export function isStream(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function') return true;
  if (isReadableStream(value)) return true;
  return toStringTag(value) === '[object Generator]';
}

class ChunkCollector {
  private readonly chunks: unknown[] = [];
  private text = 0;
  private textual = true;
  private decoder: TextDecoder | undefined;
  count = 0;

  add(chunk: unknown): void {
    this.count++;
    if (this.chunks.length >= MAX_CHUNKS || this.text > MAX_TEXT) return;
    if (chunk instanceof Uint8Array) {
      const decoder = (this.decoder ??= new TextDecoder());
      chunk = decoder.decode(chunk, { stream: true });
    } else if (typeof chunk !== 'string') {
      this.textual = false;
    }
    if (typeof chunk === 'string') this.text += chunk.length;
    this.chunks.push(chunk);
  }

  output(): unknown {
    if (this.textual) return this.chunks.join('') + (this.decoder?.decode() ?? '');
    return this.chunks;
  }
}

/** Ends the span of a stream once: when it is exhausted, fails, or is abandoned by its consumer. */
class StreamSpan {
  readonly chunks = new ChunkCollector();

  constructor(
    readonly span: SpanImpl,
    private readonly captureOutput: boolean,
  ) {}

  /** Runs `fn` in the span (a generator's body runs when `next` is called). */
  inSpan<R>(fn: () => R): R {
    return this.span._sink === null ? fn() : activeContext().run(this.span, fn, undefined);
  }

  done(cancelled = false): void {
    const span = this.span;
    if (span._sink === null) return;
    span.setAttribute('stream.chunks', this.chunks.count);
    if (cancelled) span.setAttribute('stream.cancelled', true);
    if (this.captureOutput && !span._outputSet) span.setOutput(this.chunks.output());
    span.end();
  }

  fail(error: unknown): void {
    const span = this.span;
    if (span._sink === null) return;
    span.setAttribute('stream.chunks', this.chunks.count);
    if (this.captureOutput && !span._outputSet && this.chunks.count > 0) span.setOutput(this.chunks.output());
    span._fail(error);
  }
}

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

function onAsyncResult(state: StreamSpan, result: unknown): unknown {
  const r = result as IteratorResult<unknown> | undefined;
  if (r && r.done) state.done();
  else if (r) state.chunks.add(r.value);
  return result;
}

/** Instruments an async iterator in place: its `next`, `return` and `throw`. */
function instrumentAsyncIterator(it: AsyncIterator<unknown>, state: StreamSpan): void {
  const next = it.next as AnyFn;
  const ret = it.return as AnyFn | undefined;
  const thr = it.throw as AnyFn | undefined;
  const fail = (error: unknown): never => {
    state.fail(error);
    throw error;
  };
  define(it, 'next', function (this: unknown, ...args: unknown[]) {
    let p: unknown;
    try {
      p = state.inSpan(() => next.apply(this, args));
    } catch (error) {
      fail(error);
    }
    return Promise.resolve(p).then((r) => onAsyncResult(state, r), fail);
  });
  if (typeof ret === 'function') {
    define(it, 'return', function (this: unknown, ...args: unknown[]) {
      let p: unknown;
      try {
        p = state.inSpan(() => ret.apply(this, args));
      } catch (error) {
        fail(error);
      }
      return Promise.resolve(p).then((r) => {
        state.done(true);
        return r;
      }, fail);
    });
  }
  if (typeof thr === 'function') {
    define(it, 'throw', function (this: unknown, ...args: unknown[]) {
      let p: unknown;
      try {
        p = state.inSpan(() => thr.apply(this, args));
      } catch (error) {
        fail(error);
      }
      return Promise.resolve(p).then((r) => onAsyncResult(state, r), fail);
    });
  }
}

/** Instruments a (sync) generator in place. */
function instrumentGenerator(gen: Generator<unknown>, state: StreamSpan): void {
  const next = gen.next as AnyFn;
  const ret = gen.return as AnyFn;
  const thr = gen.throw as AnyFn;
  const call = (fn: AnyFn, self: unknown, args: unknown[], isReturn: boolean): unknown => {
    let r: IteratorResult<unknown>;
    try {
      r = state.inSpan(() => fn.apply(self, args)) as IteratorResult<unknown>;
    } catch (error) {
      state.fail(error);
      throw error;
    }
    if (isReturn) state.done(true);
    else onAsyncResult(state, r);
    return r;
  };
  define(gen, 'next', function (this: unknown, ...args: unknown[]) {
    return call(next, this, args, false);
  });
  define(gen, 'return', function (this: unknown, ...args: unknown[]) {
    return call(ret, this, args, true);
  });
  define(gen, 'throw', function (this: unknown, ...args: unknown[]) {
    return call(thr, this, args, false);
  });
}

function wrapReadableStream(rs: ReadableStream<unknown>, state: StreamSpan): ReadableStream<unknown> {
  const reader = rs.getReader();
  return new ReadableStream<unknown>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<unknown>;
      try {
        chunk = await state.inSpan(() => reader.read());
      } catch (error) {
        state.fail(error);
        controller.error(error);
        return;
      }
      if (chunk.done) {
        state.done();
        controller.close();
      } else {
        state.chunks.add(chunk.value);
        controller.enqueue(chunk.value);
      }
    },
    cancel(reason) {
      state.done(true);
      return reader.cancel(reason);
    },
  });
}

/**
 * Makes the span end with `value`'s stream. Returns what the caller should get: `value` itself
 * (instrumented), or for a `ReadableStream`, a stream of the same chunks.
 */
export function traceStream<T>(value: T, span: SpanImpl, captureOutput: boolean): T {
  const state = new StreamSpan(span, captureOutput);
  const obj = value as unknown as object;
  if (isReadableStream(obj)) return wrapReadableStream(obj, state) as unknown as T;
  if (toStringTag(obj) === '[object Generator]') {
    instrumentGenerator(obj as Generator<unknown>, state);
    return value;
  }
  if (isNodeReadable(obj)) {
    const stream = obj;
    stream.once('end', () => state.done());
    stream.once('close', () => {
      if (stream.errored) state.fail(stream.errored);
      else state.done(true);
    });
    return value;
  }
  const iterable = obj as AsyncIterable<unknown> & Partial<AsyncIterator<unknown>>;
  if (typeof iterable.next === 'function') {
    instrumentAsyncIterator(iterable as AsyncIterator<unknown>, state);
    return value;
  }
  // An async iterable that makes its iterator on demand (OpenAI's Stream): instrument the first one made.
  const make = iterable[Symbol.asyncIterator] as AnyFn;
  let made = false;
  define(iterable, Symbol.asyncIterator, function (this: unknown) {
    const it = make.call(this) as AsyncIterator<unknown>;
    if (!made && it && typeof it.next === 'function') {
      made = true;
      instrumentAsyncIterator(it, state);
    }
    return it;
  });
  return value;
}
