import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../common/pagination/pagination';

export class AuditActorDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system'], enumName: 'AuditActorType' }) type: 'user' | 'api_key' | 'system';
  @ApiProperty({ type: String, nullable: true, example: '0b8e0d1a-2c3f-4d3a-9a51-5f0c6a5e1f6b' }) id: string | null;
}

export class AuditLogDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'member.role_changed' }) action: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ example: 'member' }) targetType: string;
  @ApiProperty({ type: String, nullable: true }) targetId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { before: { role: 'member' }, after: { role: 'admin' } } })
  metadata: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' }) ip: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'member.removed', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'action must look like "member.removed"' })
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'user or API key id' })
  @IsOptional()
  @IsUUID()
  actorId?: string;
}

export const AuditLogPageDto = PageOf(AuditLogDto, 'AuditLogPage');
