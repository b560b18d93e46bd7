import { formatTraceparent } from './ids';
import { toJsonSafe } from './capture';
import type { Span, SpanKind, SpanStatus, Usage, UsageInput } from './types';

/** What a recording span reports to: capture settings and the transport. */
export interface SpanSink {
  capture(value: unknown): string | undefined;
  enqueue(span: SpanImpl): void;
}

const MAX_NAME_LENGTH = 256;
const MAX_STATUS_MESSAGE_LENGTH = 2048;

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

function errorMessage(error: unknown): string {
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

export class SpanImpl implements Span {
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

  /** Ends the span after its callback returned `result`. */
  _finish(result: unknown, captureOutput: boolean): void {
    const sink = this._sink;
    if (sink === null) return;
    if (captureOutput && !this._outputSet && result !== undefined) this._output = sink.capture(result);
    if (!this._statusSet) this._status = 'ok';
    this._endMs = Date.now();
    this._sink = null;
    sink.enqueue(this);
  }

  /** Ends the span after its callback threw `error`. */
  _fail(error: unknown): void {
    const sink = this._sink;
    if (sink === null) return;
    this.recordException(error);
    this._endMs = Date.now();
    this._sink = null;
    sink.enqueue(this);
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
      JSON.stringify(clip(this.name, MAX_NAME_LENGTH)) +
      ',"kind":"' +
      this.kind +
      '"' +
      ',"startTime":"' +
      new Date(this._startMs).toISOString() +
      '"' +
      ',"endTime":"' +
      new Date(this._endMs).toISOString() +
      '"' +
      ',"status":"' +
      this._status +
      '"';
    if (this._statusMessage !== undefined) json += ',"statusMessage":' + JSON.stringify(this._statusMessage);
    if (this._input !== undefined) json += ',"input":' + this._input;
    if (this._output !== undefined) json += ',"output":' + this._output;
    if (this._attributes !== undefined) json += ',"attributes":' + JSON.stringify(toJsonSafe(this._attributes));
    if (this._model !== undefined) json += ',"model":' + JSON.stringify(this._model);
    if (this._usage !== undefined) json += ',"usage":' + JSON.stringify(this._usage);
    if (this._costUsd !== undefined) json += ',"costUsd":' + JSON.stringify(this._costUsd);
    return json + '}';
  }
}
