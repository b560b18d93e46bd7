import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Role, ROLES } from '../../../common/auth/roles';
import { PageOf } from '../../../common/pagination/pagination';
import { KEY_SCOPES, KeyScope } from '../entities/api-key.entity';

const SCOPE_DESCRIPTION =
  '`full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP routes (anything else → 403), role `member`';

export class ApiKeyCreatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'production ingest' }) name: string;
  @ApiProperty({ example: 'ao_sk_3fK9', description: 'First characters of the key, for recognising it' }) prefix: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ enum: KEY_SCOPES, enumName: 'ApiKeyScope', description: SCOPE_DESCRIPTION }) scope: KeyScope;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Last request made with the key (updated within seconds)',
  })
  lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After this time the key answers 401 (null: never)' })
  expiresAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set when the key was rotated: it keeps working until then, then answers 401 (null: not rotated)',
  })
  graceEndsAt: string | null;
  @ApiProperty({
    type: ApiKeyCreatorDto,
    nullable: true,
    description:
      "The user the key acts for: who created it, or for a key created with an API key, that key's user (null if unknown). Their removal revokes the key; their demotion caps its role.",
  })
  createdBy: ApiKeyCreatorDto | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'ao_sk_3fK9' }) prefix: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({ enum: KEY_SCOPES, enumName: 'ApiKeyScope', description: SCOPE_DESCRIPTION }) scope: KeyScope;
  @ApiProperty({ example: 'ao_sk_3fK9q…', description: 'The secret. Shown only in this response: store it now.' }) key: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After this time the key answers 401 (null: never)' })
  expiresAt: string | null;
}

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'production ingest' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role', default: 'member', description: "May not exceed the creator's role" })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: KEY_SCOPES, enumName: 'ApiKeyScope', default: 'full', description: SCOPE_DESCRIPTION })
  @IsOptional()
  @IsIn(KEY_SCOPES)
  scope?: KeyScope;

  @ApiPropertyOptional({ type: String, format: 'date-time', maxLength: 40, description: 'A future ISO-8601 time; absent: never expires' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true, strictSeparator: true })
  expiresAt?: string;
}

export const MAX_GRACE_SECONDS = 86400;
export const DEFAULT_GRACE_SECONDS = 3600;

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_GRACE_SECONDS,
    default: DEFAULT_GRACE_SECONDS,
    description: 'How long the old key keeps working (seconds); 0 stops it at once',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_SECONDS)
  gracePeriodSeconds?: number;
}

export const ApiKeyPageDto = PageOf(ApiKeyDto, 'ApiKeyPage');
