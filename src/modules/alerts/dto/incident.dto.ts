import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageOf, PageQueryDto } from '../../../common/pagination/pagination';
import { INCIDENT_STATUSES, IncidentStatus } from '../entities/incident.entity';

export class IncidentActorDto {
  @ApiProperty({ enum: ['user', 'api_key', 'system'] }) type: 'user' | 'api_key' | 'system';
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'user or API key id; null for the system' }) id: string | null;
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ruleId: string;
  @ApiProperty({ description: "The rule's name when the incident opened" }) ruleName: string;
  @ApiProperty({ enum: INCIDENT_STATUSES, enumName: 'IncidentStatus' }) status: IncidentStatus;
  @ApiProperty({ description: "The rule's value when the incident opened" }) value: number;
  @ApiProperty() threshold: number;
  @ApiProperty({ type: 'integer', description: "The rule's window (minutes) when the incident opened" }) windowMinutes: number;
  @ApiProperty({ format: 'date-time' }) openedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: IncidentActorDto, nullable: true }) acknowledgedBy: IncidentActorDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty({
    type: IncidentActorDto,
    nullable: true,
    description: 'Who resolved it; `{ type: "system", id: null }` when it resolved by itself or its rule was deleted',
  })
  resolvedBy: IncidentActorDto | null;
}

export class IncidentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES, enumName: 'IncidentStatus', description: 'Only incidents in this status' })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
}

export const IncidentPageDto = PageOf(IncidentDto, 'IncidentPage');
