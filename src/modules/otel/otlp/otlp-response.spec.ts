import { encodingOf, exportResponse, rpcCodeOf, statusBody } from './otlp-response';
import { ExportTraceServiceResponse, RpcStatus } from './proto';

describe('encodingOf', () => {
  it.each([
    ['application/x-protobuf', 'protobuf'],
    ['Application/X-Protobuf; charset=binary', 'protobuf'],
    ['application/json', 'json'],
    ['application/json; charset=utf-8', 'json'],
    [' application/json ', 'json'],
    ['application/protobuf', null],
    ['text/plain', null],
    ['application/jsonx', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (type, encoding) => {
    expect(encodingOf(type)).toBe(encoding);
  });
});

describe('exportResponse', () => {
  it('is empty when everything was accepted (partial_success left unset)', () => {
    expect(exportResponse('json', null)).toEqual({});
    expect((exportResponse('protobuf', null) as Buffer).length).toBe(0);
  });

  it('carries partialSuccess in either encoding (JSON int64 as a decimal string)', () => {
    const partial = { rejectedSpans: 3, errorMessage: '3 of 9 spans refused' };
    expect(exportResponse('json', partial)).toEqual({ partialSuccess: { rejectedSpans: '3', errorMessage: '3 of 9 spans refused' } });
    const decoded = ExportTraceServiceResponse.decode(exportResponse('protobuf', partial) as Buffer) as any;
    expect({ rejected: Number(String(decoded.partialSuccess.rejectedSpans)), message: decoded.partialSuccess.errorMessage }).toEqual({
      rejected: 3,
      message: '3 of 9 spans refused',
    });
  });
});

describe('statusBody', () => {
  it('is google.rpc.Status with the gRPC code of the HTTP status, in either encoding', () => {
    expect(JSON.parse(statusBody('json', 401, 'no key') as string)).toEqual({ code: 16, message: 'no key' });
    const decoded = RpcStatus.toObject(RpcStatus.decode(statusBody('protobuf', 429, 'slow down') as Buffer));
    expect(decoded).toEqual({ code: 8, message: 'slow down' });
  });

  it.each([
    [400, 3],
    [401, 16],
    [402, 8],
    [403, 7],
    [404, 5],
    [413, 8],
    [415, 3],
    [429, 8],
    [500, 13],
    [503, 14],
    [418, 3],
  ])('HTTP %i → code %i', (http, code) => {
    expect(rpcCodeOf(http)).toBe(code);
  });
});
