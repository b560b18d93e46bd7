import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, MaxLength } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../common/pagination/pagination';
import { SPAN_STATUSES, SpanStatus } from '../span-model';
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
}

export class TraceDto extends TraceSummaryDto {
  @ApiProperty({ type: [SpanDto], description: 'In start order (at most 10,000)' }) spans: SpanDto[];
}

export const TracePageDto = PageOf(TraceSummaryDto, 'TracePage');

export class ListTracesQueryDto extends PageQueryDto {
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
}
