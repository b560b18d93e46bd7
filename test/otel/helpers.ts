import { gzipSync } from 'node:zlib';
import { ExportTraceServiceResponse, RpcStatus } from '../../src/modules/otel/otlp/proto';
import { TestContext } from '../support/context';

export const OTLP_PATHS = ['/api/v1/otel/v1/traces', '/v1/traces'] as const;
export const PROTOBUF = 'application/x-protobuf';

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** POSTs raw bytes (OTLP bodies are protobuf or JSON, both sent as they are). */
export async function postRaw(
  t: TestContext,
  path: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const res = await fetch(t.baseUrl + path, { method: 'POST', headers, body: body as never });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

export const gzip = (body: Uint8Array | string) => gzipSync(body);

/**
 * The google.rpc.Status of an error response, decoded per its Content-Type (protobuf or JSON); also checks
 * that it is not problem+json and that the HTTP status and the gRPC code agree.
 */
export function expectStatus(
  res: RawResponse,
  httpStatus: number,
  rpcCode: number,
  encoding: 'protobuf' | 'json',
): { code: number; message: string } {
  const type = res.headers.get('content-type') ?? '';
  expect({ status: res.status, type: type.split(';')[0] }).toEqual({
    status: httpStatus,
    type: encoding === 'protobuf' ? PROTOBUF : 'application/json',
  });
  const status =
    encoding === 'protobuf'
      ? (RpcStatus.toObject(RpcStatus.decode(res.body), { defaults: true }) as { code: number; message: string })
      : (JSON.parse(res.body.toString('utf8')) as { code: number; message: string });
  expect(status.code).toBe(rpcCode);
  expect(typeof status.message).toBe('string');
  expect(status.message.length).toBeGreaterThan(0);
  expect(res.headers.get('x-request-id')).toBeTruthy();
  return status;
}

/** The ExportTraceServiceResponse of a 200 (protobuf or JSON). */
export function exportResponse(res: RawResponse): { partialSuccess?: { rejectedSpans: number; errorMessage: string } } {
  expect(res.status).toBe(200);
  const type = (res.headers.get('content-type') ?? '').split(';')[0];
  if (type === PROTOBUF) {
    const decoded = ExportTraceServiceResponse.decode(res.body) as {
      partialSuccess?: { rejectedSpans?: unknown; errorMessage?: string } | null;
    };
    const p = decoded.partialSuccess;
    return p ? { partialSuccess: { rejectedSpans: Number(String(p.rejectedSpans ?? 0)), errorMessage: p.errorMessage ?? '' } } : {};
  }
  expect(type).toBe('application/json');
  const json = JSON.parse(res.body.toString('utf8')) as { partialSuccess?: { rejectedSpans: string; errorMessage: string } };
  return json.partialSuccess
    ? { partialSuccess: { rejectedSpans: Number(json.partialSuccess.rejectedSpans), errorMessage: json.partialSuccess.errorMessage } }
    : {};
}

export { traceErrorEvents } from '../ingestion.helpers';
