import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { EVENT_TYPES, EventType } from '../../../common/events';
import { IsHeaderMap, IsHttpUrl, IsSentryDsn, IsSigningSecret } from './validators';

/*
 * Per-type configuration (plain, returned as stored) and credentials (secret: encrypted at rest,
 * masked on read). Each type's PUT body is its own schema (PutSlackIntegrationDto, …), so the
 * generated SDKs type `config` and `credentials` per integration type.
 */

export const PAGERDUTY_REGIONS = ['us', 'eu'] as const;
export type PagerDutyRegion = (typeof PAGERDUTY_REGIONS)[number];
export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];
export const DATADOG_SITES = ['datadoghq.com', 'datadoghq.eu', 'us3.datadoghq.com', 'us5.datadoghq.com', 'ap1.datadoghq.com'] as const;
export type DatadogSite = (typeof DATADOG_SITES)[number];
export const CUSTOM_METHODS = ['POST', 'PUT'] as const;
export type CustomMethod = (typeof CUSTOM_METHODS)[number];

const HEADER_MAP_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 2000 },
  maxProperties: 20,
  example: { 'X-Team': 'ml-platform' },
} as const;

// ---------------------------------------------------------------- slack

export class SlackConfigDto {
  @ApiPropertyOptional({
    maxLength: 80,
    example: '#agent-alerts',
    description: 'Channel override (honoured by legacy incoming webhooks only)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  @Matches(/^[#@]?[A-Za-z0-9._-]{1,79}$/, { message: 'channel must be a channel name such as #alerts' })
  channel?: string;
}

export class SlackCredentialsDto {
  @ApiProperty({
    maxLength: 500,
    example: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    description: 'Incoming webhook URL (https, host hooks.slack.com)',
  })
  @IsDefined()
  @IsString()
  @MaxLength(500)
  @IsHttpUrl()
  webhookUrl: string;
}

// ---------------------------------------------------------------- pagerduty

export class PagerDutyConfigDto {
  @ApiProperty({
    enum: PAGERDUTY_REGIONS,
    enumName: 'PagerDutyRegion',
    description: 'us → events.pagerduty.com, eu → events.eu.pagerduty.com',
  })
  @IsDefined()
  @IsIn(PAGERDUTY_REGIONS)
  region: PagerDutyRegion;

  @ApiProperty({ enum: PAGERDUTY_SEVERITIES, enumName: 'PagerDutySeverity', description: 'Severity of the alerts sent' })
  @IsDefined()
  @IsIn(PAGERDUTY_SEVERITIES)
  severity: PagerDutySeverity;
}

export class PagerDutyCredentialsDto {
  @ApiProperty({
    minLength: 32,
    maxLength: 32,
    example: 'R0123456789abcdef0123456789abcde',
    description: 'Events API v2 integration (routing) key',
  })
  @IsDefined()
  @IsString()
  @Matches(/^[A-Za-z0-9]{32}$/, { message: 'routingKey must be the 32-character Events API v2 integration key' })
  routingKey: string;
}

// ---------------------------------------------------------------- webhook

export class WebhookConfigDto {
  @ApiProperty({ maxLength: 2000, example: 'https://example.com/hooks/agent-monitoring' })
  @IsDefined()
  @IsString()
  @MaxLength(2000)
  @IsHttpUrl()
  url: string;

  @ApiProperty({
    enum: EVENT_TYPES,
    enumName: 'EventType',
    isArray: true,
    default: [],
    required: false,
    description: 'Event types to receive; empty = all. integration.test is always delivered by the test endpoint.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(EVENT_TYPES, { each: true, message: `events must contain only ${EVENT_TYPES.join(', ')}` })
  events: EventType[] = [];
}

export class WebhookCredentialsDto {
  @ApiPropertyOptional({
    maxLength: 120,
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description:
      'Standard Webhooks signing secret. When absent the server generates one and returns it once, as `signingSecret` of the PUT response.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  @IsSigningSecret()
  signingSecret?: string;
}

// ---------------------------------------------------------------- sentry

export class SentryConfigDto {
  @ApiPropertyOptional({ maxLength: 64, example: 'production', description: 'Sentry environment of the events' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^[^\s/]+$/, { message: 'environment may not contain spaces or slashes' })
  environment?: string;
}

export class SentryCredentialsDto {
  @ApiProperty({ maxLength: 500, example: 'https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42' })
  @IsDefined()
  @IsString()
  @MaxLength(500)
  @IsSentryDsn()
  dsn: string;
}

// ---------------------------------------------------------------- datadog

export class DatadogConfigDto {
  @ApiProperty({ enum: DATADOG_SITES, enumName: 'DatadogSite', description: 'Datadog site of the account' })
  @IsDefined()
  @IsIn(DATADOG_SITES)
  site: DatadogSite;
}

export class DatadogCredentialsDto {
  @ApiProperty({ minLength: 32, maxLength: 32, example: '0123456789abcdef0123456789abcdef', description: 'Datadog API key' })
  @IsDefined()
  @IsString()
  @Matches(/^[0-9a-fA-F]{32}$/, { message: 'apiKey must be a 32-character hexadecimal Datadog API key' })
  apiKey: string;
}

// ---------------------------------------------------------------- custom

export class CustomConfigDto {
  @ApiProperty({ maxLength: 2000, example: 'https://ops.example.com/alerts' })
  @IsDefined()
  @IsString()
  @MaxLength(2000)
  @IsHttpUrl()
  url: string;

  @ApiProperty({ enum: CUSTOM_METHODS, enumName: 'CustomHttpMethod' })
  @IsDefined()
  @IsIn(CUSTOM_METHODS)
  method: CustomMethod;

  @ApiPropertyOptional({ ...HEADER_MAP_SCHEMA, description: 'Non-secret headers sent with every request (returned as stored)' })
  @IsOptional()
  @IsObject()
  @IsHeaderMap()
  headers?: Record<string, string>;
}

export class CustomCredentialsDto {
  @ApiPropertyOptional({
    ...HEADER_MAP_SCHEMA,
    example: { Authorization: 'Bearer s3cr3t' },
    description: 'Secret headers (encrypted at rest, masked on read)',
  })
  @IsOptional()
  @IsObject()
  @IsHeaderMap()
  headers?: Record<string, string>;
}

// ---------------------------------------------------------------- PUT bodies

class PutIntegrationBase {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'On-call alerts' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    description: "Default: true when first configured, else unchanged. Enabling counts toward the plan's integrations limit.",
  })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

const CREDENTIALS_NOTE = 'Omit to keep the stored credentials.';

export class PutSlackIntegrationDto extends PutIntegrationBase {
  @ApiProperty({ type: SlackConfigDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SlackConfigDto) config: SlackConfigDto;
  @ApiPropertyOptional({ type: SlackCredentialsDto, description: `Required the first time. ${CREDENTIALS_NOTE}` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SlackCredentialsDto)
  credentials?: SlackCredentialsDto;
}

export class PutPagerDutyIntegrationDto extends PutIntegrationBase {
  @ApiProperty({ type: PagerDutyConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PagerDutyConfigDto)
  config: PagerDutyConfigDto;
  @ApiPropertyOptional({ type: PagerDutyCredentialsDto, description: `Required the first time. ${CREDENTIALS_NOTE}` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PagerDutyCredentialsDto)
  credentials?: PagerDutyCredentialsDto;
}

export class PutWebhookIntegrationDto extends PutIntegrationBase {
  @ApiProperty({ type: WebhookConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => WebhookConfigDto)
  config: WebhookConfigDto;
  @ApiPropertyOptional({
    type: WebhookCredentialsDto,
    description: `${CREDENTIALS_NOTE} Present without signingSecret (or on first configuration without one), a new secret is generated and returned once.`,
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WebhookCredentialsDto)
  credentials?: WebhookCredentialsDto;
}

export class PutSentryIntegrationDto extends PutIntegrationBase {
  @ApiProperty({ type: SentryConfigDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => SentryConfigDto) config: SentryConfigDto;
  @ApiPropertyOptional({ type: SentryCredentialsDto, description: `Required the first time. ${CREDENTIALS_NOTE}` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SentryCredentialsDto)
  credentials?: SentryCredentialsDto;
}

export class PutDatadogIntegrationDto extends PutIntegrationBase {
  @ApiProperty({ type: DatadogConfigDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DatadogConfigDto)
  config: DatadogConfigDto;
  @ApiPropertyOptional({ type: DatadogCredentialsDto, description: `Required the first time. ${CREDENTIALS_NOTE}` })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DatadogCredentialsDto)
  credentials?: DatadogCredentialsDto;
}

export class PutCustomIntegrationDto extends PutIntegrationBase {
  @ApiProperty({ type: CustomConfigDto }) @IsDefined() @IsObject() @ValidateNested() @Type(() => CustomConfigDto) config: CustomConfigDto;
  @ApiPropertyOptional({ type: CustomCredentialsDto, description: CREDENTIALS_NOTE })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CustomCredentialsDto)
  credentials?: CustomCredentialsDto;
}

/** What every PUT body has in common, after validation. */
export interface PutIntegrationBody {
  name?: string;
  enabled?: boolean;
  config: object;
  credentials?: object;
}
