import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import {
  INGEST_ERROR_CODES,
  IngestErrorCode,
  LIMITS,
  MAX_SPANS_PER_BATCH,
  SPAN_KINDS,
  SPAN_STATUSES,
  SpanKind,
  SpanStatus,
} from '../span-model';

/** Any JSON value (what an agent step received or returned). `anyOf`: with null spelled out, object and null overlap. */
const JSON_VALUE: ApiPropertyOptions = {
  anyOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'object', additionalProperties: true },
    { type: 'array', items: {} },
  ],
};

export class SpanUsageDto {
  @ApiProperty({ minimum: 0, maximum: LIMITS.tokens, example: 812, description: 'Prompt tokens (0 when omitted)' }) inputTokens: number;
  @ApiProperty({ minimum: 0, maximum: LIMITS.tokens, example: 95, description: 'Completion tokens (0 when omitted)' }) outputTokens: number;
  @ApiProperty({ minimum: 0, maximum: LIMITS.tokens, example: 907, description: 'Defaults to inputTokens + outputTokens' })
  totalTokens: number;
}

export class SpanUsageInputDto {
  @ApiPropertyOptional({ minimum: 0, maximum: LIMITS.tokens, example: 812 }) inputTokens?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: LIMITS.tokens, example: 95 }) outputTokens?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: LIMITS.tokens, example: 907, description: 'Defaults to inputTokens + outputTokens' })
  totalTokens?: number;
}

/**
 * A span as sent to POST /api/v1/ingest. Validated per span (not by the global pipe), so one bad span
 * is reported in `errors` while the others are stored. Unknown fields make the span invalid.
 */
export class IngestSpanDto {
  @ApiProperty({
    pattern: '^[0-9a-fA-F]{32}$',
    minLength: 32,
    maxLength: 32,
    example: '4bf92f3577b34da6a3ce929d0e0e4736',
    description: 'W3C trace id (stored lower-case)',
  })
  traceId: string;
  @ApiProperty({ pattern: '^[0-9a-fA-F]{16}$', minLength: 16, maxLength: 16, example: '00f067aa0ba902b7' })
  spanId: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^[0-9a-fA-F]{16}$',
    maxLength: 16,
    description: 'Absent or null for the root span',
  })
  parentSpanId?: string | null;
  @ApiProperty({ minLength: 1, maxLength: LIMITS.name, example: 'support-agent' }) name: string;
  @ApiProperty({ enum: SPAN_KINDS, enumName: 'SpanKind', example: 'agent' }) kind: SpanKind;
  @ApiProperty({
    format: 'date-time',
    maxLength: 40,
    example: '2026-01-31T12:00:00.000123Z',
    description:
      'ISO-8601 with a time zone and up to 9 fraction digits; within the last 365 days and at most 1 day ahead (stored to the microsecond)',
  })
  startTime: string;
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    maxLength: 40,
    nullable: true,
    description: 'Not before startTime; absent while running',
  })
  endTime?: string | null;
  @ApiPropertyOptional({ enum: SPAN_STATUSES, enumName: 'SpanStatus', default: 'unset' }) status?: SpanStatus;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.statusMessage, example: 'RateLimitError: 429 from provider' })
  statusMessage?: string | null;
  @ApiPropertyOptional({
    ...JSON_VALUE,
    nullable: true,
    description: 'Any JSON; PII-masked when the workspace enables piiMasking',
  } as ApiPropertyOptions)
  input?: unknown;
  @ApiPropertyOptional({
    ...JSON_VALUE,
    nullable: true,
    description: 'Any JSON; PII-masked when the workspace enables piiMasking',
  } as ApiPropertyOptions)
  output?: unknown;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { 'user.tier': 'pro' },
    description: `At most ${LIMITS.attributeCount} keys of at most ${LIMITS.attributeKey} characters`,
  })
  attributes?: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: LIMITS.model, example: 'gpt-4o-mini' }) model?: string | null;
  @ApiPropertyOptional({ type: SpanUsageInputDto, nullable: true }) usage?: SpanUsageInputDto | null;
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: LIMITS.costUsd, example: 0.00042 }) costUsd?: number | null;
}

export class IngestRequestDto {
  @ApiProperty({
    type: [IngestSpanDto],
    maxItems: MAX_SPANS_PER_BATCH,
    description: `At most ${MAX_SPANS_PER_BATCH} spans; the body at most 5 MB after gzip decompression`,
  })
  spans: IngestSpanDto[];
}

export class IngestErrorDto {
  @ApiProperty({ minimum: 0, example: 3, description: 'Position of the refused span in `spans`' }) index: number;
  @ApiProperty({ enum: INGEST_ERROR_CODES, enumName: 'IngestErrorCode', example: 'validation_failed' }) code: IngestErrorCode;
  @ApiProperty({ example: 'spanId must be 16 hex characters, not all zero' }) message: string;
}

export class IngestResponseDto {
  @ApiProperty({ minimum: 0, example: 499, description: "Valid spans (stored, or dropped by the workspace's sampling)" }) accepted: number;
  @ApiProperty({ type: [IngestErrorDto], description: 'One entry per refused span' }) errors: IngestErrorDto[];
}

/** A stored span, as returned with its trace. */
export class SpanDto {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$', example: '4bf92f3577b34da6a3ce929d0e0e4736' }) traceId: string;
  @ApiProperty({ pattern: '^[0-9a-f]{16}$', example: '00f067aa0ba902b7' }) spanId: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{16}$' }) parentSpanId: string | null;
  @ApiProperty({ example: 'support-agent' }) name: string;
  @ApiProperty({ enum: SPAN_KINDS, enumName: 'SpanKind' }) kind: SpanKind;
  @ApiProperty({ format: 'date-time', example: '2026-01-31T12:00:00.000123Z', description: 'Six fraction digits (microseconds)' })
  startTime: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Six fraction digits (microseconds)' })
  endTime: string | null;
  @ApiProperty({ enum: SPAN_STATUSES, enumName: 'SpanStatus' }) status: SpanStatus;
  @ApiProperty({ type: String, nullable: true }) statusMessage: string | null;
  @ApiProperty({ ...JSON_VALUE, nullable: true } as ApiPropertyOptions) input: unknown;
  @ApiProperty({ ...JSON_VALUE, nullable: true } as ApiPropertyOptions) output: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) attributes: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, example: 'gpt-4o-mini' }) model: string | null;
  @ApiProperty({ type: SpanUsageDto, nullable: true }) usage: SpanUsageDto | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.00042 }) costUsd: number | null;
}
