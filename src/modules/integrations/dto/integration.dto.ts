import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { EVENT_TYPES, EventType } from '../../../common/events';
import { PageOf } from '../../../common/pagination/pagination';
import { DELIVERY_STATUSES, DeliveryStatus, HEALTH_STATUSES, HealthStatus, IntegrationType } from '../integration-types';
import {
  CustomConfigDto,
  DatadogConfigDto,
  PagerDutyConfigDto,
  PutCustomIntegrationDto,
  PutDatadogIntegrationDto,
  PutPagerDutyIntegrationDto,
  PutSentryIntegrationDto,
  PutSlackIntegrationDto,
  PutWebhookIntegrationDto,
  SentryConfigDto,
  SlackConfigDto,
  WebhookConfigDto,
} from './integration-config.dto';

const MASK = 'Masked: at most the last 4 characters, e.g. "••••9f3a"';

export class IntegrationHealthDto {
  @ApiProperty({ enum: HEALTH_STATUSES, enumName: 'IntegrationHealthStatus' }) status: HealthStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastCheckedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSuccessAt: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500, example: 'HTTP 503' }) lastError: string | null;
  @ApiProperty({ minimum: 0, example: 0, description: 'Failed checks in a row; 5 disable the integration' }) consecutiveFailures: number;
}

// Masked credentials, one schema per type.
export class SlackCredentialsMaskedDto {
  @ApiProperty({ example: '••••XXXX', description: MASK }) webhookUrl: string;
}
export class PagerDutyCredentialsMaskedDto {
  @ApiProperty({ example: '••••bcde', description: MASK }) routingKey: string;
}
export class WebhookCredentialsMaskedDto {
  @ApiProperty({ example: '••••LaSw', description: MASK }) signingSecret: string;
}
export class SentryCredentialsMaskedDto {
  @ApiProperty({ example: '••••/42', description: MASK }) dsn: string;
}
export class DatadogCredentialsMaskedDto {
  @ApiProperty({ example: '••••cdef', description: MASK }) apiKey: string;
}
export class CustomCredentialsMaskedDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { Authorization: '••••r3t' },
    description: `Secret header names with masked values (${MASK})`,
  })
  headers: Record<string, string>;
}

/** Fields every integration has; each type's schema adds `type`, `config` and `credentials`. */
export class IntegrationBaseDto {
  @ApiProperty({ example: 'On-call alerts' }) name: string;
  @ApiProperty({ description: 'Receives events and health checks' }) enabled: boolean;
  @ApiProperty({ description: 'Has a stored configuration (false: config and credentials are null)' }) configured: boolean;
  @ApiProperty({ description: 'Disabled by health checks after 5 consecutive failures (cleared by enable)' }) autoDisabled: boolean;
  @ApiProperty({ type: IntegrationHealthDto }) health: IntegrationHealthDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null until first configured' }) updatedAt: string | null;
}

export class SlackIntegrationDto extends IntegrationBaseDto {
  @ApiProperty({ enum: ['slack'] }) type: 'slack';
  @ApiProperty({ type: SlackConfigDto, nullable: true }) config: SlackConfigDto | null;
  @ApiProperty({ type: SlackCredentialsMaskedDto, nullable: true }) credentials: SlackCredentialsMaskedDto | null;
}

export class PagerDutyIntegrationDto extends IntegrationBaseDto {
  @ApiProperty({ enum: ['pagerduty'] }) type: 'pagerduty';
  @ApiProperty({ type: PagerDutyConfigDto, nullable: true }) config: PagerDutyConfigDto | null;
  @ApiProperty({ type: PagerDutyCredentialsMaskedDto, nullable: true }) credentials: PagerDutyCredentialsMaskedDto | null;
}

export class WebhookIntegrationDto extends IntegrationBaseDto {
  @ApiProperty({ enum: ['webhook'] }) type: 'webhook';
  @ApiProperty({ type: WebhookConfigDto, nullable: true }) config: WebhookConfigDto | null;
  @ApiProperty({ type: WebhookCredentialsMaskedDto, nullable: true }) credentials: WebhookCredentialsMaskedDto | null;
  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Only in the PUT response that generated a signing secret: the secret in clear, shown this once',
  })
  signingSecret?: string;
}

export class SentryIntegrationDto extends IntegrationBaseDto {
  @ApiProperty({ enum: ['sentry'] }) type: 'sentry';
  @ApiProperty({ type: SentryConfigDto, nullable: true }) config: SentryConfigDto | null;
  @ApiProperty({ type: SentryCredentialsMaskedDto, nullable: true }) credentials: SentryCredentialsMaskedDto | null;
}

export class DatadogIntegrationDto extends IntegrationBaseDto {
  @ApiProperty({ enum: ['datadog'] }) type: 'datadog';
  @ApiProperty({ type: DatadogConfigDto, nullable: true }) config: DatadogConfigDto | null;
  @ApiProperty({ type: DatadogCredentialsMaskedDto, nullable: true }) credentials: DatadogCredentialsMaskedDto | null;
}

export class CustomIntegrationDto extends IntegrationBaseDto {
  @ApiProperty({ enum: ['custom'] }) type: 'custom';
  @ApiProperty({ type: CustomConfigDto, nullable: true }) config: CustomConfigDto | null;
  @ApiProperty({ type: CustomCredentialsMaskedDto, nullable: true }) credentials: CustomCredentialsMaskedDto | null;
}

export type IntegrationDto =
  | SlackIntegrationDto
  | PagerDutyIntegrationDto
  | WebhookIntegrationDto
  | SentryIntegrationDto
  | DatadogIntegrationDto
  | CustomIntegrationDto;

export const INTEGRATION_DTOS: Record<IntegrationType, Function> = {
  slack: SlackIntegrationDto,
  pagerduty: PagerDutyIntegrationDto,
  webhook: WebhookIntegrationDto,
  sentry: SentryIntegrationDto,
  datadog: DatadogIntegrationDto,
  custom: CustomIntegrationDto,
};

export const PUT_DTOS: Record<IntegrationType, Function> = {
  slack: PutSlackIntegrationDto,
  pagerduty: PutPagerDutyIntegrationDto,
  webhook: PutWebhookIntegrationDto,
  sentry: PutSentryIntegrationDto,
  datadog: PutDatadogIntegrationDto,
  custom: PutCustomIntegrationDto,
};

/** `oneOf` the six integration schemas, discriminated by `type`. */
export const INTEGRATION_SCHEMA = {
  oneOf: Object.values(INTEGRATION_DTOS).map((d) => ({ $ref: getSchemaPath(d) })),
  discriminator: {
    propertyName: 'type',
    mapping: Object.fromEntries(Object.entries(INTEGRATION_DTOS).map(([t, d]) => [t, getSchemaPath(d)])),
  },
};

/**
 * `anyOf` the six PUT bodies (the path's `type` selects the one that applies). Not `oneOf`: the bodies overlap (a
 * body valid for one type can be valid for another), and `oneOf` would refuse exactly those.
 */
export const PUT_INTEGRATION_SCHEMA = {
  anyOf: Object.values(PUT_DTOS).map((d) => ({ $ref: getSchemaPath(d) })),
  description:
    'The body for the integration type in the path: PutSlackIntegrationDto for slack, PutPagerDutyIntegrationDto for pagerduty, …',
};

export class IntegrationListDto {
  @ApiProperty({ type: 'array', items: INTEGRATION_SCHEMA, description: 'All six types, configured or not' })
  data: IntegrationDto[];
}

export class TestIntegrationResultDto {
  @ApiProperty({ description: 'The provider accepted the test event' }) ok: boolean;
  @ApiPropertyOptional({ example: 200, description: "HTTP status of the provider's answer, when there was one" }) statusCode?: number;
  @ApiProperty({ example: 182, description: 'Time until the answer (or the failure), in milliseconds' }) latencyMs: number;
  @ApiPropertyOptional({ maxLength: 500, example: 'HTTP 404: no_service', description: 'Short reason; present whenever ok is false' })
  error?: string;
}

export class IntegrationDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: 100, description: 'Id of the event (with the integration type it identifies the delivery)' }) eventId: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) eventType: EventType;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'IntegrationDeliveryStatus' }) status: DeliveryStatus;
  @ApiProperty({ minimum: 0, example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, example: 200, description: 'HTTP status of the last attempt' }) responseStatus:
    number | null;
  @ApiProperty({ type: Number, nullable: true, example: 182, description: 'Latency of the last attempt, in milliseconds' }) latencyMs:
    number | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
}

export const IntegrationDeliveryPageDto = PageOf(IntegrationDeliveryDto, 'IntegrationDeliveryPage');
