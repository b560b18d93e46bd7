import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsTimeZone } from '../../../common/validation/is-time-zone';

/** May be omitted, but not null: a partial update leaves out what it does not change (null would clear a required field). */
const IsOptional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

export class WorkspaceSettingsDto {
  @ApiProperty({ minimum: 1, maximum: 3650, example: 30, description: 'Days traces are kept (capped by the plan)' })
  retentionDays: number;
  @ApiProperty({ example: false, description: 'Redact e-mails, phone/card numbers and secrets in span input/output' })
  piiMasking: boolean;
  @ApiProperty({ minimum: 0, maximum: 1, example: 1, description: 'Share of new traces kept (0..1)' })
  samplingRate: number;
}

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Acme AI' }) name: string;
  @ApiProperty({ example: 'acme-ai' }) slug: string;
  @ApiProperty({ example: 'Europe/Kyiv' }) timezone: string;
  @ApiProperty({ type: WorkspaceSettingsDto }) settings: WorkspaceSettingsDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class UpdateWorkspaceSettingsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 3650 }) @IsOptional() @IsInt() @Min(1) @Max(3650) retentionDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() piiMasking?: boolean;
  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  samplingRate?: number;
}

export class UpdateWorkspaceDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$', maxLength: 63 })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'slug must match ^[a-z0-9][a-z0-9-]{1,62}$' })
  slug?: string;
  @ApiPropertyOptional({ maxLength: 64, example: 'Europe/Kyiv', description: 'IANA time zone name or link' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timezone?: string;
  @ApiPropertyOptional({ type: UpdateWorkspaceSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateWorkspaceSettingsDto)
  settings?: UpdateWorkspaceSettingsDto;
}

export class WorkspaceSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Acme AI' }) name: string;
  @ApiProperty({ example: 'acme-ai' }) slug: string;
}
