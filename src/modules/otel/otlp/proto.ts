/**
 * Protobuf codecs of OTLP/HTTP, generated from the official sources vendored in ./proto (opentelemetry-proto
 * 1.11.0's trace service, and googleapis' google/rpc/status.proto, the error body OTLP/HTTP prescribes; see
 * ./proto/README.md): `npm run generate` writes ./generated/otlp.ts (protobufjs static code) and the drift check in
 * `make test` keeps it in step with the .proto files. The message shapes it yields are declared below.
 */
// The generated file is CommonJS (`module.exports = $root`), untyped: its shapes are the interfaces below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generated: unknown = require('./generated/otlp');

/** What the generated decoder yields for an int64/uint64 (the `long` package's Long). */
export interface PbLong {
  low: number;
  high: number;
  unsigned: boolean;
  toNumber(): number;
  toString(): string;
}
export type PbInt = number | PbLong | null | undefined;

export interface PbAnyValue {
  /** which member of the `value` oneof is set */
  value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue' | null;
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: PbInt;
  doubleValue?: number | null;
  arrayValue?: { values?: PbAnyValue[] | null } | null;
  kvlistValue?: { values?: PbKeyValue[] | null } | null;
  bytesValue?: Uint8Array | null;
}
export interface PbKeyValue {
  key?: string | null;
  value?: PbAnyValue | null;
}
export interface PbEvent {
  timeUnixNano?: PbInt;
  name?: string | null;
  attributes?: PbKeyValue[] | null;
}
export interface PbLink {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  traceState?: string | null;
  attributes?: PbKeyValue[] | null;
}
export interface PbSpan {
  traceId?: Uint8Array | null;
  spanId?: Uint8Array | null;
  traceState?: string | null;
  parentSpanId?: Uint8Array | null;
  name?: string | null;
  kind?: number | null;
  startTimeUnixNano?: PbInt;
  endTimeUnixNano?: PbInt;
  attributes?: PbKeyValue[] | null;
  events?: PbEvent[] | null;
  links?: PbLink[] | null;
  status?: { code?: number | null; message?: string | null } | null;
}
export interface PbScopeSpans {
  scope?: { name?: string | null; version?: string | null; attributes?: PbKeyValue[] | null } | null;
  spans?: PbSpan[] | null;
}
export interface PbResourceSpans {
  resource?: { attributes?: PbKeyValue[] | null } | null;
  scopeSpans?: PbScopeSpans[] | null;
}
export interface PbExportTraceServiceRequest {
  resourceSpans?: PbResourceSpans[] | null;
}

interface MessageType<T> {
  decode(reader: Uint8Array): T;
  encode(message: T): { finish(): Uint8Array };
  fromObject(object: Record<string, unknown>): T;
  toObject(message: T, options?: Record<string, unknown>): Record<string, unknown>;
}

interface Generated {
  opentelemetry: {
    proto: {
      collector: {
        trace: {
          v1: {
            ExportTraceServiceRequest: MessageType<PbExportTraceServiceRequest>;
            ExportTraceServiceResponse: MessageType<Record<string, unknown>>;
          };
        };
      };
      trace: { v1: { Span: { SpanKind: Record<string, number> }; Status: { StatusCode: Record<string, number> } } };
    };
  };
  google: { rpc: { Status: MessageType<{ code: number; message: string; details: unknown[] }> } };
}
const { opentelemetry, google } = generated as Generated;
const otel = opentelemetry.proto;

export const ExportTraceServiceRequest = otel.collector.trace.v1.ExportTraceServiceRequest;
export const ExportTraceServiceResponse = otel.collector.trace.v1.ExportTraceServiceResponse;
/** SPAN_KIND_UNSPECIFIED … SPAN_KIND_CONSUMER → 0 … 5 */
export const SPAN_KIND_VALUES: Readonly<Record<string, number>> = otel.trace.v1.Span.SpanKind;
/** STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR → 0, 1, 2 */
export const STATUS_CODE_VALUES: Readonly<Record<string, number>> = otel.trace.v1.Status.StatusCode;
export const RpcStatus = google.rpc.Status;

/** google.rpc.Code values used in error bodies. */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;
