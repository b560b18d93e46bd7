/**
 * OpenAPI documentation of the OTLP/HTTP JSON encoding (opentelemetry-proto's trace_service.proto with the
 * OTLP JSON mapping: lowerCamelCase fields, hex ids, int64 as decimal strings, enums as integers). The
 * bodies are decoded by the OTLP decoder, not by class-validator: these classes only describe them.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const INT64 = { type: 'string', pattern: '^-?[0-9]+$', description: 'int64 as a decimal string (a JSON number is accepted too)' } as const;
const UNIX_NANOS = {
  type: 'string',
  pattern: '^[0-9]+$',
  example: '1767225600000000000',
  description: 'Unix time in nanoseconds as a decimal string (a JSON number is accepted too)',
} as const;

export class OtlpArrayValueDto {
  @ApiProperty({ type: () => [OtlpAnyValueDto] }) values: OtlpAnyValueDto[];
}

export class OtlpKeyValueListDto {
  @ApiProperty({ type: () => [OtlpKeyValueDto] }) values: OtlpKeyValueDto[];
}

/** One of the fields is set. */
export class OtlpAnyValueDto {
  @ApiPropertyOptional() stringValue?: string;
  @ApiPropertyOptional() boolValue?: boolean;
  @ApiPropertyOptional(INT64) intValue?: string;
  @ApiPropertyOptional({ type: Number, format: 'double' }) doubleValue?: number;
  @ApiPropertyOptional({ type: () => OtlpArrayValueDto }) arrayValue?: OtlpArrayValueDto;
  @ApiPropertyOptional({ type: () => OtlpKeyValueListDto }) kvlistValue?: OtlpKeyValueListDto;
  @ApiPropertyOptional({ type: String, format: 'byte', description: 'base64' }) bytesValue?: string;
}

export class OtlpKeyValueDto {
  @ApiProperty({ example: 'gen_ai.request.model' }) key: string;
  @ApiProperty({ type: () => OtlpAnyValueDto }) value: OtlpAnyValueDto;
}

export class OtlpResourceDto {
  @ApiProperty({ type: () => [OtlpKeyValueDto], description: 'Stored on every span under `resource.<key>`' }) attributes: OtlpKeyValueDto[];
}

export class OtlpInstrumentationScopeDto {
  @ApiPropertyOptional({ example: '@opentelemetry/instrumentation-openai' }) name?: string;
  @ApiPropertyOptional({ example: '0.5.0' }) version?: string;
  @ApiPropertyOptional({ type: () => [OtlpKeyValueDto] }) attributes?: OtlpKeyValueDto[];
}

export class OtlpSpanEventDto {
  @ApiProperty(UNIX_NANOS) timeUnixNano: string;
  @ApiProperty({ example: 'gen_ai.choice' }) name: string;
  @ApiPropertyOptional({ type: () => [OtlpKeyValueDto] }) attributes?: OtlpKeyValueDto[];
}

export class OtlpSpanLinkDto {
  @ApiProperty({ pattern: '^[0-9a-fA-F]{32}$' }) traceId: string;
  @ApiProperty({ pattern: '^[0-9a-fA-F]{16}$' }) spanId: string;
  @ApiPropertyOptional() traceState?: string;
  @ApiPropertyOptional({ type: () => [OtlpKeyValueDto] }) attributes?: OtlpKeyValueDto[];
}

export class OtlpSpanStatusDto {
  @ApiPropertyOptional({
    enum: [0, 1, 2],
    enumName: 'OtlpStatusCode',
    description: '0 STATUS_CODE_UNSET, 1 STATUS_CODE_OK, 2 STATUS_CODE_ERROR (stored as status `error`)',
  })
  code?: number;
  @ApiPropertyOptional({ description: 'Stored as statusMessage' }) message?: string;
}

export class OtlpSpanDto {
  @ApiProperty({
    pattern: '^[0-9a-fA-F]{32}$',
    example: '4bf92f3577b34da6a3ce929d0e0e4736',
    description: 'Hex, as the OTLP JSON encoding prescribes',
  })
  traceId: string;
  @ApiProperty({ pattern: '^[0-9a-fA-F]{16}$', example: '00f067aa0ba902b7' }) spanId: string;
  @ApiPropertyOptional({ pattern: '^([0-9a-fA-F]{16})?$', description: 'Empty or absent for a root span' }) parentSpanId?: string;
  @ApiPropertyOptional() traceState?: string;
  @ApiProperty({ example: 'chat gpt-4o-mini' }) name: string;
  @ApiPropertyOptional({
    enum: [0, 1, 2, 3, 4, 5],
    enumName: 'OtlpSpanKind',
    description: 'SPAN_KIND_UNSPECIFIED … SPAN_KIND_CONSUMER; stored as attribute `span.kind`',
  })
  kind?: number;
  @ApiProperty(UNIX_NANOS) startTimeUnixNano: string;
  @ApiProperty(UNIX_NANOS) endTimeUnixNano: string;
  @ApiPropertyOptional({
    type: () => [OtlpKeyValueDto],
    description: 'GenAI / OpenInference attributes become kind, model, usage, input and output; the rest is kept in attributes',
  })
  attributes?: OtlpKeyValueDto[];
  @ApiPropertyOptional({ type: () => [OtlpSpanEventDto] }) events?: OtlpSpanEventDto[];
  @ApiPropertyOptional({ type: () => [OtlpSpanLinkDto] }) links?: OtlpSpanLinkDto[];
  @ApiPropertyOptional({ type: () => OtlpSpanStatusDto }) status?: OtlpSpanStatusDto;
  @ApiPropertyOptional({ type: Number, format: 'int64' }) flags?: number;
}

export class OtlpScopeSpansDto {
  @ApiPropertyOptional({ type: () => OtlpInstrumentationScopeDto }) scope?: OtlpInstrumentationScopeDto;
  @ApiProperty({ type: () => [OtlpSpanDto] }) spans: OtlpSpanDto[];
  @ApiPropertyOptional() schemaUrl?: string;
}

export class OtlpResourceSpansDto {
  @ApiPropertyOptional({ type: () => OtlpResourceDto }) resource?: OtlpResourceDto;
  @ApiProperty({ type: () => [OtlpScopeSpansDto] }) scopeSpans: OtlpScopeSpansDto[];
  @ApiPropertyOptional() schemaUrl?: string;
}

/** ExportTraceServiceRequest in the OTLP JSON encoding. */
export class OtlpExportTraceRequestDto {
  @ApiProperty({ type: () => [OtlpResourceSpansDto] }) resourceSpans: OtlpResourceSpansDto[];
}

export class OtlpPartialSuccessDto {
  @ApiProperty({ ...INT64, example: '2', description: 'Spans refused (not stored); int64 as a decimal string' }) rejectedSpans: string;
  @ApiProperty({
    example: '2 of 40 spans refused: span 00f067aa0ba902b7: startTime must be within the last 365 days and at most 1 day ahead; …',
  })
  errorMessage: string;
}

/** ExportTraceServiceResponse: `{}` when every span was accepted. */
export class OtlpExportTraceResponseDto {
  @ApiPropertyOptional({ type: () => OtlpPartialSuccessDto, description: 'Present only when spans were refused' })
  partialSuccess?: OtlpPartialSuccessDto;
}

/** google.rpc.Status, the OTLP/HTTP error body (in the request's encoding). */
export class OtlpStatusDto {
  @ApiProperty({
    example: 16,
    description:
      'google.rpc.Code: 3 INVALID_ARGUMENT (400, 415), 7 PERMISSION_DENIED (403), 8 RESOURCE_EXHAUSTED (402, 413, 429), 13 INTERNAL (500), 16 UNAUTHENTICATED (401)',
  })
  code: number;
  @ApiProperty({ example: 'Send a credential as "Authorization: Bearer <token or API key>"' }) message: string;
}
