import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../common/pagination/pagination';
import { SPAN_KINDS, SPAN_STATUSES, SpanKind, SpanStatus } from '../span-model';
import { SpanDto } from './span.dto';

export class TraceSummaryDto {
  @ApiProperty({ pattern: '^[0-9a-f]{32}$', example: '4bf92f3577b34da6a3ce929d0e0e4736' }) traceId: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'support-agent',
    description: 'Name of the root span (the earliest span while the root has not arrived)',
  })
  name: string | null;
  @ApiProperty({
    enum: SPAN_KINDS,
    enumName: 'SpanKind',
    nullable: true,
    example: 'agent',
    description: 'Kind of the span the trace is named after (the root span, the earliest span while the root has not arrived)',
  })
  kind: SpanKind | null;
  @ApiProperty({ format: 'date-time', example: '2026-01-31T12:00:00.123456Z', description: 'Start of the earliest span (microseconds)' })
  startTime: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Latest span end; null while no span has ended' })
  endTime: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1834.125,
    description: 'endTime - startTime in milliseconds (with a fraction: times keep microseconds)',
  })
  durationMs: number | null;
  @ApiProperty({
    enum: SPAN_STATUSES,
    enumName: 'SpanStatus',
    description: 'error if any span failed, else ok if any span is ok, else unset',
  })
  status: SpanStatus;
  @ApiProperty({ minimum: 0, example: 7 }) spanCount: number;
  @ApiProperty({ minimum: 0, example: 907, description: "Sum of the spans' usage.totalTokens" }) totalTokens: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    example: 0.0042,
    description: "Sum of the spans' costUsd; null when none of its spans has a cost (unknown is not zero)",
  })
  totalCostUsd: number | null;
  @ApiProperty({ type: [String], example: ['gpt-4o-mini'], description: 'The distinct models its spans used, sorted' })
  models: string[];
}

export class TraceDto extends TraceSummaryDto {
  @ApiProperty({ type: [SpanDto], description: 'In start order (at most 10,000)' }) spans: SpanDto[];
}

export const TracePageDto = PageOf(TraceSummaryDto, 'TracePage');

/** The filters of the trace list and of the trace stats (API.md "Traces"); all optional, combined with AND. */
export class TraceFilterQueryDto {
  @ApiPropertyOptional({ enum: SPAN_STATUSES, enumName: 'SpanStatus' })
  @IsOptional()
  @IsIn(SPAN_STATUSES as unknown as string[])
  status?: SpanStatus;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, description: 'Traces that started at or after this instant' })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', maxLength: 40, description: 'Traces that started before this instant' })
  @IsOptional()
  @MaxLength(40)
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;

  @ApiPropertyOptional({
    maxLength: 512,
    example: 'checkout',
    description: "Substring of the root span's name, case-insensitive (empty: no filter)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  name?: string;

  @ApiPropertyOptional({ enum: SPAN_KINDS, enumName: 'SpanKind', description: "The root span's kind" })
  @IsOptional()
  @IsIn(SPAN_KINDS as unknown as string[])
  kind?: SpanKind;

  @ApiPropertyOptional({ maxLength: 256, example: 'gpt-4o-mini', description: 'A model used by any span of the trace (exact)' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  model?: string;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 31_536_000_000,
    example: 1000,
    description: 'Traces that ended and lasted at least this many milliseconds (a fraction allowed)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(31_536_000_000)
  minDurationMs?: number;

  @ApiPropertyOptional({
    type: Number,
    minimum: 0,
    maximum: 1_000_000_000,
    example: 0.01,
    description: 'Traces whose total cost is known and at least this many US dollars',
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000_000)
  minCostUsd?: number;
}

export class ListTracesQueryDto extends IntersectionType(PageQueryDto, TraceFilterQueryDto) {}

export const STATS_BUCKETS = { minute: 60, hour: 3600, day: 86400 } as const;
export type StatsBucket = keyof typeof STATS_BUCKETS;

export class TraceStatsQueryDto extends TraceFilterQueryDto {
  @ApiPropertyOptional({
    enum: Object.keys(STATS_BUCKETS),
    enumName: 'TraceStatsBucketSize',
    description:
      'Bucket width (buckets aligned on UTC). Default: the smallest of minute, hour, day that covers the range in at most 200 buckets. ' +
      'More than 1440 buckets → 400.',
  })
  @IsOptional()
  @IsIn(Object.keys(STATS_BUCKETS))
  bucket?: StatsBucket;
}

export class TraceStatsBucketDto {
  @ApiProperty({ format: 'date-time', example: '2026-01-31T12:00:00.000000Z', description: 'Start of the bucket (traces by start time)' })
  start: string;
  @ApiProperty({ minimum: 0, example: 42 }) traces: number;
  @ApiProperty({ minimum: 0, example: 3, description: 'Traces with status error' }) errors: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 812.5,
    description: 'Median duration of the traces that ended (linear interpolation); null when none did',
  })
  p50DurationMs: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 4210.25, description: '95th percentile duration, like p50DurationMs' })
  p95DurationMs: number | null;
  @ApiProperty({ minimum: 0, example: 38094 }) totalTokens: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: 0,
    example: 0.1764,
    description: "Sum of the traces' costs; null when none of them has a cost",
  })
  totalCostUsd: number | null;
}

export class TraceStatsDto {
  @ApiProperty({ format: 'date-time', description: 'Start of the range (inclusive)' }) from: string;
  @ApiProperty({ format: 'date-time', description: 'End of the range (exclusive)' }) to: string;
  @ApiProperty({ type: 'integer', example: 3600, description: 'Width of a bucket in seconds: 60, 3600 or 86400' }) bucketSeconds: number;
  @ApiProperty({
    type: [TraceStatsBucketDto],
    description:
      'Every bucket that overlaps [from, to), oldest first, empty ones included (traces 0, percentiles and cost null); ' +
      'buckets are aligned on UTC, so the first may start before `from`',
  })
  buckets: TraceStatsBucketDto[];
}
