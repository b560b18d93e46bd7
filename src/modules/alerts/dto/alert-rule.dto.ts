import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** PATCH fields: absent means unchanged; null is not a value (400), unlike @IsOptional. */
const Given = () => ValidateIf((_o, v) => v !== undefined);
import { PageOf, PageQueryDto } from '../../../common/pagination/pagination';
import { SPAN_KINDS } from '../../ingestion/span-model';
import { INTEGRATION_TYPES, IntegrationType } from '../../integrations/integration-types';
import { ALERT_METRICS, ALERT_OPERATORS, AlertMetric, AlertOperator } from '../alert-metrics';

export class AlertFilterDto {
  @ApiPropertyOptional({ maxLength: 512, description: "Substring of the trace's root span name, case-insensitive" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  name?: string;

  @ApiPropertyOptional({ enum: SPAN_KINDS, enumName: 'SpanKind', description: "The root span's kind" })
  @IsOptional()
  @IsIn(SPAN_KINDS)
  kind?: string;

  @ApiPropertyOptional({ maxLength: 256, description: 'A model used by any span of the trace (exact)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  model?: string;
}

const METRIC_DOC =
  'error_rate: error traces / traces (0 with none), 0..1; p95_latency_ms: 95th percentile of trace durations (0 when no trace ended); cost_usd: total cost; trace_count: traces. All over the traces that started in the last windowMinutes, matching filter.';

export class CreateAlertRuleDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Agent error rate' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: ALERT_METRICS, enumName: 'AlertMetric', description: METRIC_DOC })
  @IsIn(ALERT_METRICS)
  metric: AlertMetric;

  @ApiProperty({ type: 'integer', minimum: 5, maximum: 1440, example: 15 })
  @IsInt()
  @Min(5)
  @Max(1440)
  windowMinutes: number;

  @ApiProperty({ enum: ALERT_OPERATORS, enumName: 'AlertOperator', description: 'Breached when value > threshold, or value < threshold' })
  @IsIn(ALERT_OPERATORS)
  operator: AlertOperator;

  @ApiProperty({ example: 0.05, minimum: -1e15, maximum: 1e15 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1e15)
  @Max(1e15)
  threshold: number;

  @ApiPropertyOptional({ type: AlertFilterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlertFilterDto)
  filter?: AlertFilterDto;

  @ApiProperty({
    enum: INTEGRATION_TYPES,
    enumName: 'IntegrationType',
    isArray: true,
    maxItems: INTEGRATION_TYPES.length,
    description: 'Integrations that receive the alert events; each must be configured (else 400). May be empty.',
  })
  @IsArray()
  @ArrayMaxSize(INTEGRATION_TYPES.length)
  @ArrayUnique()
  @IsIn(INTEGRATION_TYPES, { each: true, message: `integrations must contain only ${INTEGRATION_TYPES.join(', ')}` })
  integrations: IntegrationType[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateAlertRuleDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 }) @Given() @IsString() @MinLength(1) @MaxLength(100) name?: string;

  @ApiPropertyOptional({ enum: ALERT_METRICS, enumName: 'AlertMetric' }) @Given() @IsIn(ALERT_METRICS) metric?: AlertMetric;

  @ApiPropertyOptional({ type: 'integer', minimum: 5, maximum: 1440 })
  @Given()
  @IsInt()
  @Min(5)
  @Max(1440)
  windowMinutes?: number;

  @ApiPropertyOptional({ enum: ALERT_OPERATORS, enumName: 'AlertOperator' }) @Given() @IsIn(ALERT_OPERATORS) operator?: AlertOperator;

  @ApiPropertyOptional({ minimum: -1e15, maximum: 1e15 })
  @Given()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1e15)
  @Max(1e15)
  threshold?: number;

  @ApiPropertyOptional({ type: AlertFilterDto, description: 'Replaces the whole filter ({} for none)' })
  @Given()
  @ValidateNested()
  @Type(() => AlertFilterDto)
  filter?: AlertFilterDto;

  @ApiPropertyOptional({ enum: INTEGRATION_TYPES, enumName: 'IntegrationType', isArray: true, maxItems: INTEGRATION_TYPES.length })
  @Given()
  @IsArray()
  @ArrayMaxSize(INTEGRATION_TYPES.length)
  @ArrayUnique()
  @IsIn(INTEGRATION_TYPES, { each: true, message: `integrations must contain only ${INTEGRATION_TYPES.join(', ')}` })
  integrations?: IntegrationType[];

  @ApiPropertyOptional() @Given() @IsBoolean() enabled?: boolean;
}

export class AlertFilterOutDto {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional({ enum: SPAN_KINDS, enumName: 'SpanKind' }) kind?: string;
  @ApiPropertyOptional() model?: string;
}

export class AlertRuleDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ALERT_METRICS, enumName: 'AlertMetric' }) metric: AlertMetric;
  @ApiProperty({ type: 'integer' }) windowMinutes: number;
  @ApiProperty({ enum: ALERT_OPERATORS, enumName: 'AlertOperator' }) operator: AlertOperator;
  @ApiProperty() threshold: number;
  @ApiProperty({ type: AlertFilterOutDto }) filter: AlertFilterOutDto;
  @ApiProperty({ enum: INTEGRATION_TYPES, enumName: 'IntegrationType', isArray: true }) integrations: IntegrationType[];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastEvaluatedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The value found by the last evaluation' }) lastValue: number | null;
}

export class EvaluationResultDto {
  @ApiProperty({ description: "The rule's metric over its window, now" }) value: number;
  @ApiProperty() breached: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The rule's open or acknowledged incident after this evaluation (opened by it, or already there), else null",
  })
  incidentId: string | null;
}

export class AlertRuleListQueryDto extends PageQueryDto {}

export const AlertRulePageDto = PageOf(AlertRuleDto, 'AlertRulePage');
