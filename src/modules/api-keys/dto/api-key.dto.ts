import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '../../../common/auth/roles';
import { PageOf } from '../../../common/pagination/pagination';

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
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
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
  @ApiProperty({ example: 'ao_sk_3fK9q…', description: 'The secret. Shown only in this response: store it now.' }) key: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
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
}

export const ApiKeyPageDto = PageOf(ApiKeyDto, 'ApiKeyPage');
