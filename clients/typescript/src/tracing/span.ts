import { isoMicros, nowMs } from './clock';
import { formatTraceparent } from './ids';
import { AGENTOBS_SPAN_KEY, DerivedContext, OTEL_SPAN_KEY, type OtelContext, type OtelSpanContext } from './otel-context';
import { attributesJson, clip, MAX_NAME_LENGTH, MAX_STATUS_MESSAGE_LENGTH } from './wire';
import type { Span, SpanKind, SpanStatus, Usage, UsageInput } from './types';

/** What a recording span reports to: capture settings, the transport, and the list of open spans. */
export interface SpanSink {
  capture(value: unknown): string | undefined;
  /** Inputs, outputs and attribute strings larger than this (UTF-8 bytes) are cut. */
  readonly maxFieldSize: number;
  enqueue(item: SpanImpl): void;
  /** The most recently started span that has not ended (a doubly linked list through `_prevOpen`/`_nextOpen`). */
  openHead: SpanImpl | null;
}

/** Something the transport can buffer and send: this SDK's spans and OpenTelemetry spans. */
export interface WireItem {
  _seq: number;
  readonly name: string;
  toWireJson(): string;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return String(error);
  } catch {
    return 'error';
  }
}

function nonNegative(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * A span of this SDK. It is also an OpenTelemetry Context (`getValue`/`setValue`/`deleteValue`): the value
 * of the active context while its callback runs, in which OpenTelemetry finds it as the active span.
 */
export class SpanImpl implements Span, WireItem, OtelContext {
  /** Set by the transport when buffered: its order of arrival. */
  _seq = 0;
  _startMs = 0;
  _endMs = 0;
  _status: SpanStatus = 'unset';
  _statusMessage: string | undefined = undefined;
  _statusSet = false;
  _input: string | undefined = undefined;
  _output: string | undefined = undefined;
  _outputSet = false;
  _attributes: Record<string, unknown> | undefined = undefined;
  _model: string | undefined = undefined;
  _usage: Usage | undefined = undefined;
  _costUsd: number | undefined = undefined;
  /** The sink's `maxFieldSize`, kept when the span ends (attribute strings are cut to it on the wire). */
  _fieldLimit = Infinity;
  /** The context that was active when the span started (its values show through this one). */
  _parentCtx: OtelContext | undefined = undefined;
  _prevOpen: SpanImpl | null = null;
  _nextOpen: SpanImpl | null = null;
  private _view: OtelSpanView | undefined = undefined;

  constructor(
    /** null when the span is not recorded (sampled out, disabled, shut down); cleared when it ends. */
    public _sink: SpanSink | null,
    readonly traceId: string,
    readonly spanId: string,
    readonly parentSpanId: string | undefined,
    readonly name: string,
    readonly kind: SpanKind,
    /** The trace's sampling decision, inherited by children and sent in `traceparent`. */
    readonly sampled: boolean,
  ) {}

  get isRecording(): boolean {
    return this._sink !== null;
  }

  get traceparent(): string {
    return formatTraceparent(this.traceId, this.spanId, this.sampled);
  }

  setAttribute(key: string, value: unknown): this {
    if (this._sink !== null) (this._attributes ??= {})[key] = value;
    return this;
  }

  setAttributes(attributes: Record<string, unknown>): this {
    if (this._sink !== null && attributes) Object.assign((this._attributes ??= {}), attributes);
    return this;
  }

  setInput(value: unknown): this {
    if (this._sink !== null) this._input = this._sink.capture(value);
    return this;
  }

  setOutput(value: unknown): this {
    if (this._sink !== null) {
      this._output = this._sink.capture(value);
      this._outputSet = true;
    }
    return this;
  }

  setModel(model: string): this {
    if (this._sink !== null && typeof model === 'string') this._model = model;
    return this;
  }

  setUsage(usage: UsageInput): this {
    if (this._sink !== null && usage) {
      const inputTokens = nonNegative(usage.inputTokens) ?? 0;
      const outputTokens = nonNegative(usage.outputTokens) ?? 0;
      this._usage = {
        inputTokens,
        outputTokens,
        totalTokens: nonNegative(usage.totalTokens) ?? inputTokens + outputTokens,
      };
    }
    return this;
  }

  setCost(costUsd: number): this {
    const cost = nonNegative(costUsd);
    if (this._sink !== null && cost !== undefined) this._costUsd = cost;
    return this;
  }

  setStatus(status: SpanStatus, message?: string): this {
    if (this._sink !== null && (status === 'ok' || status === 'error' || status === 'unset')) {
      this._status = status;
      this._statusMessage = message === undefined ? undefined : clip(String(message), MAX_STATUS_MESSAGE_LENGTH);
      this._statusSet = true;
    }
    return this;
  }

  recordException(error: unknown): this {
    if (this._sink !== null) {
      this._status = 'error';
      this._statusMessage = clip(errorMessage(error), MAX_STATUS_MESSAGE_LENGTH);
      this._statusSet = true;
      const type = error instanceof Error ? error.name : typeof error;
      (this._attributes ??= {})['error.type'] = type;
    }
    return this;
  }

  end(): void {
    const sink = this._close();
    if (sink === null) return;
    if (!this._statusSet) this._status = 'ok';
    sink.enqueue(this);
  }

  /** Starts recording into `sink` (called once, by AgentObs, for a recording span). */
  _open(sink: SpanSink): void {
    this._startMs = nowMs();
    const head = sink.openHead;
    if (head !== null) {
      this._nextOpen = head;
      head._prevOpen = this;
    }
    sink.openHead = this;
  }

  /** Stops recording: the end time is taken and the span leaves the open list. Returns the sink, or null if already ended. */
  _close(): SpanSink | null {
    const sink = this._sink;
    if (sink === null) return null;
    this._endMs = nowMs();
    this._fieldLimit = sink.maxFieldSize;
    this._sink = null;
    const prev = this._prevOpen;
    const next = this._nextOpen;
    if (prev !== null) prev._nextOpen = next;
    else if (sink.openHead === this) sink.openHead = next;
    if (next !== null) next._prevOpen = prev;
    this._prevOpen = this._nextOpen = null;
    return sink;
  }

  /** Ends the span after its callback returned `result` (a stream's span ends through `_finishStream`). */
  _finish(result: unknown, captureOutput: boolean): void {
    const sink = this._sink;
    if (sink === null) return;
    if (captureOutput && !this._outputSet && result !== undefined) this._output = sink.capture(result);
    this.end();
  }

  /** Ends the span after its callback threw `error`. */
  _fail(error: unknown): void {
    if (this._sink === null) return;
    this.recordException(error);
    this.end();
  }

  /** Ends a span that is still open when the process (or the SDK) shuts down. */
  _abandon(reason: string, error?: unknown): void {
    if (this._sink === null) return;
    if (error !== undefined && !this._statusSet) this.recordException(error);
    (this._attributes ??= {})['agentobs.unfinished'] = reason;
    const sink = this._close();
    if (sink !== null) sink.enqueue(this);
  }

  // ---- OpenTelemetry Context ----------------------------------------------------------------------

  getValue(key: symbol): unknown {
    if (key === OTEL_SPAN_KEY) return (this._view ??= new OtelSpanView(this));
    if (key === AGENTOBS_SPAN_KEY) return this;
    const parent = this._parentCtx;
    return parent === undefined ? undefined : parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): OtelContext {
    return new DerivedContext(this, key, value);
  }

  deleteValue(key: symbol): OtelContext {
    return new DerivedContext(this, key, undefined);
  }

  /** The span as the API's JSON (`POST /api/v1/ingest`). Called off the hot path, by the transport. */
  toWireJson(): string {
    let json =
      '{"traceId":"' +
      this.traceId +
      '","spanId":"' +
      this.spanId +
      '"' +
      (this.parentSpanId === undefined ? '' : ',"parentSpanId":"' + this.parentSpanId + '"') +
      ',"name":' +
      JSON.stringify(clip(this.name, MAX_NAME_LENGTH) || '(unnamed)') +
      ',"kind":"' +
      this.kind +
      '","startTime":"' +
      isoMicros(this._startMs) +
      '","endTime":"' +
      isoMicros(Math.max(this._endMs, this._startMs)) +
      '","status":"' +
      this._status +
      '"';
    if (this._statusMessage !== undefined) json += ',"statusMessage":' + JSON.stringify(this._statusMessage);
    if (this._input !== undefined) json += ',"input":' + this._input;
    if (this._output !== undefined) json += ',"output":' + this._output;
    const attributes = attributesJson(this._attributes, this._fieldLimit);
    if (attributes !== undefined) json += ',"attributes":' + attributes;
    if (this._model !== undefined) json += ',"model":' + JSON.stringify(clip(this._model, 256));
    if (this._usage !== undefined) json += ',"usage":' + JSON.stringify(this._usage);
    if (this._costUsd !== undefined) json += ',"costUsd":' + JSON.stringify(this._costUsd);
    return json + '}';
  }
}

/**
 * This SDK's span as an OpenTelemetry span (what `trace.getActiveSpan()` returns inside `obs.span`): its
 * span context parents OpenTelemetry spans; setters write to the span.
 */
export class OtelSpanView {
  private sc: OtelSpanContext | undefined;

  constructor(readonly span: SpanImpl) {}

  spanContext(): OtelSpanContext {
    return (this.sc ??= { traceId: this.span.traceId, spanId: this.span.spanId, traceFlags: this.span.sampled ? 1 : 0, isRemote: false });
  }

  setAttribute(key: string, value: unknown): this {
    this.span.setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Record<string, unknown>): this {
    this.span.setAttributes(attributes);
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

  setStatus(status: { code: number; message?: string }): this {
    if (status && status.code === 2) this.span.setStatus('error', status.message);
    else if (status && status.code === 1) this.span.setStatus('ok', status.message);
    return this;
  }

  updateName(): this {
    return this;
  }

  end(): void {
    this.span.end();
  }

  isRecording(): boolean {
    return this.span.isRecording;
  }

  recordException(exception: unknown): void {
    this.span.recordException(exception);
  }
}
