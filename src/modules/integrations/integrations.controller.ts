import { Body, Controller, Delete, Get, HttpCode, Param, PipeTransform, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPaymentRequiredResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
import { notFound } from '../../common/errors/domain-error';
import { ProblemDto } from '../../common/errors/problem.dto';
import { DeliveryQueryDto, DisableQueryDto } from './dto/delivery-query.dto';
import {
  INTEGRATION_DTOS,
  INTEGRATION_SCHEMA,
  IntegrationDeliveryPageDto,
  IntegrationDto,
  IntegrationListDto,
  PUT_DTOS,
  PUT_INTEGRATION_SCHEMA,
  TestIntegrationResultDto,
} from './dto/integration.dto';
import { INTEGRATION_TYPES, IntegrationType, isIntegrationType } from './integration-types';
import { IntegrationsService } from './integrations.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

/** Unknown integration types name nothing: 404. */
const typePipe: PipeTransform<string, IntegrationType> = {
  transform(value: string) {
    if (!isIntegrationType(value)) throw notFound('Integration type');
    return value;
  },
};

const TypeParam = () => ApiParam({ name: 'type', enum: INTEGRATION_TYPES, enumName: 'IntegrationType' });

@ApiTags('integrations')
@ApiExtraModels(...Object.values(INTEGRATION_DTOS), ...Object.values(PUT_DTOS))
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ operationId: 'listIntegrations', summary: 'All six integration types, configured or not (credentials masked)' })
  @ApiOkResponse({ type: IntegrationListDto })
  list(@CurrentActor() actor: Actor) {
    return this.integrations.list(actor);
  }

  @Get(':type')
  @Roles('viewer')
  @TypeParam()
  @ApiOperation({ operationId: 'getIntegration', summary: 'One integration (credentials masked)' })
  @ApiOkResponse({ schema: INTEGRATION_SCHEMA })
  @ApiNotFoundResponse({ description: 'Unknown type', type: ProblemDto })
  get(@CurrentActor() actor: Actor, @Param('type', typePipe) type: IntegrationType): Promise<IntegrationDto> {
    return this.integrations.get(actor, type);
  }

  @Put(':type')
  @Roles('admin')
  @TypeParam()
  @ApiOperation({
    operationId: 'putIntegration',
    summary: 'Configure an integration',
    description:
      "The body is the schema of the path's type (PutSlackIntegrationDto, PutPagerDutyIntegrationDto, …). Omitted credentials keep " +
      'the stored ones. A webhook without a signing secret gets a generated one, returned once as `signingSecret`.',
  })
  @ApiBody({ schema: PUT_INTEGRATION_SCHEMA })
  @ApiOkResponse({ schema: INTEGRATION_SCHEMA })
  @ApiBadRequestResponse({ description: 'Invalid for this type; `errors` names the fields', type: ProblemDto })
  @ApiPaymentRequiredResponse({ description: "Enabling it would pass the plan's integrations limit", type: ProblemDto })
  @ApiNotFoundResponse({ description: 'Unknown type', type: ProblemDto })
  @ApiConflictResponse({ description: 'Stored credentials unreadable: send them again', type: ProblemDto })
  put(@CurrentActor() actor: Actor, @Param('type', typePipe) type: IntegrationType, @Body() body: unknown): Promise<IntegrationDto> {
    return this.integrations.put(actor, type, body);
  }

  @Post(':type/test')
  @Idempotent()
  @Roles('admin')
  @HttpCode(200)
  @TypeParam()
  @ApiOperation({
    operationId: 'testIntegration',
    summary: 'Send a real integration.test event now (10 s timeout)',
    description: 'An upstream failure is `ok: false` with 200. The outcome is recorded in `health` and in the delivery log.',
  })
  @ApiOkResponse({ type: TestIntegrationResultDto })
  @ApiNotFoundResponse({ description: 'Unknown type', type: ProblemDto })
  @ApiConflictResponse({ description: 'Not configured', type: ProblemDto })
  test(@CurrentActor() actor: Actor, @Param('type', typePipe) type: IntegrationType): Promise<TestIntegrationResultDto> {
    return this.integrations.test(actor, type);
  }

  @Post(':type/enable')
  @Idempotent()
  @Roles('admin')
  @HttpCode(200)
  @TypeParam()
  @ApiOperation({ operationId: 'enableIntegration', summary: 'Enable a configured integration (health reset if it was auto-disabled)' })
  @ApiOkResponse({ schema: INTEGRATION_SCHEMA })
  @ApiPaymentRequiredResponse({ description: "Beyond the plan's integrations limit", type: ProblemDto })
  @ApiNotFoundResponse({ description: 'Unknown type', type: ProblemDto })
  @ApiConflictResponse({ description: 'Not configured', type: ProblemDto })
  enable(@CurrentActor() actor: Actor, @Param('type', typePipe) type: IntegrationType): Promise<IntegrationDto> {
    return this.integrations.enable(actor, type);
  }

  @Delete(':type')
  @Roles('admin')
  @HttpCode(204)
  @TypeParam()
  @ApiOperation({
    operationId: 'deleteIntegration',
    summary: 'Disable an integration (config kept); ?purge=true erases config and credentials',
  })
  @ApiNoContentResponse({ description: 'Disabled (or purged)' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ description: 'Unknown type', type: ProblemDto })
  remove(@CurrentActor() actor: Actor, @Param('type', typePipe) type: IntegrationType, @Query() q: DisableQueryDto): Promise<void> {
    return this.integrations.disable(actor, type, q.purge === 'true');
  }

  @Get(':type/deliveries')
  @Roles('admin')
  @TypeParam()
  @ApiOperation({ operationId: 'listIntegrationDeliveries', summary: 'Delivery log of an integration, newest first' })
  @ApiOkResponse({ type: IntegrationDeliveryPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ description: 'Unknown type', type: ProblemDto })
  deliveries(@CurrentActor() actor: Actor, @Param('type', typePipe) type: IntegrationType, @Query() q: DeliveryQueryDto) {
    return this.integrations.deliveries(actor, type, q);
  }
}
