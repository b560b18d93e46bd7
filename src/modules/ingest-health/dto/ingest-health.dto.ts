import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

export class IngestHealthQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Start of the window (default: `to` − 24 h); hour granularity' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true, strictSeparator: true })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'End of the window, exclusive (default: now)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true, strictSeparator: true })
  to?: string;
}

export class IngestRejectedDto {
  @ApiProperty({ description: 'Spans refused by validation (per-span errors, and the spans of a batch refused whole with 400)' })
  validation: number;
  @ApiProperty({ description: 'Requests refused by the monthly trace quota (402)' }) quota: number;
  @ApiProperty({ description: 'Requests refused by the ingest rate limit (429)' }) rateLimited: number;
  @ApiProperty({ description: 'Requests larger than 5 MB (413)' }) tooLarge: number;
  @ApiProperty({ description: 'Requests made with an expired, rotated-out or revoked API key of this workspace (401)' })
  expiredOrRevokedKey: number;
}

export class IngestHealthDayDto {
  @ApiProperty({ example: '2026-12-06', description: 'UTC date' }) date: string;
  @ApiProperty() accepted: number;
  @ApiProperty() sampledOut: number;
  @ApiProperty({ description: 'Every rejected counter of the day summed (spans refused by validation + refused requests)' })
  rejected: number;
}

export class IngestErrorEntryDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['ingest', 'otlp'] }) source: 'ingest' | 'otlp';
  @ApiProperty({ example: 'payload_too_large', description: 'The error code answered (for per-span refusals, the first span error code)' })
  code: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: String, nullable: true, example: 'ao_sk_3fK9q1', description: 'Prefix of the API key used (null for a user token)' })
  keyPrefix: string | null;
}

export class IngestHealthDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ description: 'Spans stored' }) accepted: number;
  @ApiProperty({ description: "Spans of new traces dropped by the workspace's sampling" }) sampledOut: number;
  @ApiProperty({ type: IngestRejectedDto }) rejected: IngestRejectedDto;
  @ApiProperty({ type: [IngestHealthDayDto], description: 'Per UTC day of the window, oldest first (days without traffic are 0)' })
  daily: IngestHealthDayDto[];
  @ApiProperty({ type: [IngestErrorEntryDto], description: 'The 20 most recent refusals in the window, newest first' })
  lastErrors: IngestErrorEntryDto[];
}
