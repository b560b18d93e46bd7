/**
 * OTLP/HTTP responses in the encoding of the request: ExportTraceServiceResponse on success (with
 * `partialSuccess` only when spans were refused, as the spec requires) and google.rpc.Status for errors.
 */
import { ExportTraceServiceResponse, RpcCode, RpcStatus } from './proto';

export type OtlpEncoding = 'protobuf' | 'json';

export const CONTENT_TYPES: Record<OtlpEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

/** The encoding of a request's Content-Type, or null for anything else (415). */
export function encodingOf(contentType: string | undefined): OtlpEncoding | null {
  if (!contentType) return null;
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/** ExportTraceServiceResponse. JSON follows the protobuf JSON mapping (int64 as a decimal string), like the Collector. */
export function exportResponse(
  encoding: OtlpEncoding,
  partial: PartialSuccess | null,
): Buffer | { partialSuccess?: { rejectedSpans: string; errorMessage: string } } {
  if (encoding === 'json') {
    return partial ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {};
  }
  const message = ExportTraceServiceResponse.fromObject(partial ? { partialSuccess: partial } : {});
  return Buffer.from(ExportTraceServiceResponse.encode(message).finish());
}

const RPC_CODE_OF_STATUS: Record<number, number> = {
  400: RpcCode.INVALID_ARGUMENT,
  401: RpcCode.UNAUTHENTICATED,
  402: RpcCode.RESOURCE_EXHAUSTED,
  403: RpcCode.PERMISSION_DENIED,
  404: RpcCode.NOT_FOUND,
  409: RpcCode.ABORTED,
  // gRPC answers an oversized message with RESOURCE_EXHAUSTED as well
  413: RpcCode.RESOURCE_EXHAUSTED,
  415: RpcCode.INVALID_ARGUMENT,
  422: RpcCode.INVALID_ARGUMENT,
  429: RpcCode.RESOURCE_EXHAUSTED,
  502: RpcCode.UNAVAILABLE,
  503: RpcCode.UNAVAILABLE,
  504: RpcCode.UNAVAILABLE,
};

/** The google.rpc.Code for an HTTP error status. */
export const rpcCodeOf = (httpStatus: number): number =>
  RPC_CODE_OF_STATUS[httpStatus] ?? (httpStatus >= 500 ? RpcCode.INTERNAL : RpcCode.INVALID_ARGUMENT);

/** google.rpc.Status `{ code, message }` (no details). */
export function statusBody(encoding: OtlpEncoding, httpStatus: number, message: string): Buffer | string {
  const status = { code: rpcCodeOf(httpStatus), message };
  if (encoding === 'json') return JSON.stringify(status);
  return Buffer.from(RpcStatus.encode(RpcStatus.fromObject(status)).finish());
}
