/**
 * Protobuf definitions of OTLP/HTTP, from maintained sources only:
 * - the OTLP messages (ExportTraceServiceRequest/Response and everything under them) are the protobufjs
 *   static code that the OpenTelemetry JS project generates from the official opentelemetry-proto files and
 *   ships in `@opentelemetry/otlp-transformer` (pinned to 0.216.0, the last release that still ships the
 *   trace messages in its generated root; see README "OpenTelemetry ingestion");
 * - `google.rpc.Status` (the error body OTLP/HTTP prescribes) is googleapis' google/rpc/status.proto,
 *   declared below as a protobufjs JSON descriptor (three fields; protobufjs does the encoding).
 */
import { Root } from 'protobufjs';
// The generated module is CommonJS (`export = $root`), typed by its package as a protobufjs Root.
import generated from '@opentelemetry/otlp-transformer/build/src/generated/root';

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
}

const otel = (
  generated as unknown as {
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
  }
).opentelemetry.proto;

export const ExportTraceServiceRequest = otel.collector.trace.v1.ExportTraceServiceRequest;
export const ExportTraceServiceResponse = otel.collector.trace.v1.ExportTraceServiceResponse;
/** SPAN_KIND_UNSPECIFIED … SPAN_KIND_CONSUMER → 0 … 5 */
export const SPAN_KIND_VALUES: Readonly<Record<string, number>> = otel.trace.v1.Span.SpanKind;
/** STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR → 0, 1, 2 */
export const STATUS_CODE_VALUES: Readonly<Record<string, number>> = otel.trace.v1.Status.StatusCode;

/** googleapis google/rpc/status.proto (and google/protobuf/any.proto, which it references). */
const googleRoot = Root.fromJSON({
  nested: {
    google: {
      nested: {
        rpc: {
          nested: {
            Status: {
              fields: {
                code: { type: 'int32', id: 1 },
                message: { type: 'string', id: 2 },
                details: { rule: 'repeated', type: 'google.protobuf.Any', id: 3 },
              },
            },
          },
        },
        protobuf: { nested: { Any: { fields: { type_url: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } } } },
      },
    },
  },
});
export const RpcStatus = googleRoot.lookupType('google.rpc.Status');

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
