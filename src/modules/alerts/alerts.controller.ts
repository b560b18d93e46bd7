import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { uuidPipe } from '../../common/validation/uuid.pipe';
import { AlertsService } from './alerts.service';
import {
  AlertRuleDto,
  AlertRuleListQueryDto,
  AlertRulePageDto,
  CreateAlertRuleDto,
  EvaluationResultDto,
  UpdateAlertRuleDto,
} from './dto/alert-rule.dto';
import { IncidentDto, IncidentListQueryDto, IncidentPageDto } from './dto/incident.dto';

@ApiTags('alerts')
@Controller('api/v1/alert-rules')
export class AlertRulesController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ operationId: 'listAlertRules', summary: 'List alert rules, newest first' })
  @ApiOkResponse({ type: AlertRulePageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  list(@CurrentActor() actor: Actor, @Query() q: AlertRuleListQueryDto) {
    return this.alerts.listRules(actor, q);
  }

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiOperation({ operationId: 'createAlertRule', summary: 'Create an alert rule' })
  @ApiCreatedResponse({ type: AlertRuleDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'Invalid body, or an integration that is not configured' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAlertRuleDto): Promise<AlertRuleDto> {
    return this.alerts.createRule(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateAlertRule', summary: 'Change an alert rule (fields given are replaced)' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateAlertRuleDto): Promise<AlertRuleDto> {
    return this.alerts.updateRule(actor, id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteAlertRule', summary: 'Delete an alert rule; its open or acknowledged incident is resolved' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.alerts.deleteRule(actor, id);
  }

  @Post(':id/evaluate')
  @Idempotent()
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'evaluateAlertRule',
    summary: 'Evaluate a rule now, with the effects of the scheduled evaluation (an incident may open or resolve)',
  })
  @ApiOkResponse({ type: EvaluationResultDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiServiceUnavailableResponse({ type: ProblemDto, description: 'The trace store could not be read' })
  evaluate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<EvaluationResultDto> {
    return this.alerts.evaluate(actor, id);
  }
}

@ApiTags('alerts')
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ operationId: 'listIncidents', summary: 'List incidents, newest first' })
  @ApiOkResponse({ type: IncidentPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  list(@CurrentActor() actor: Actor, @Query() q: IncidentListQueryDto) {
    return this.alerts.listIncidents(actor, q);
  }

  @Post(':id/acknowledge')
  @Idempotent()
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ operationId: 'acknowledgeIncident', summary: 'Acknowledge an open incident (reminders stop)' })
  @ApiOkResponse({ type: IncidentDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The incident is not open' })
  acknowledge(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<IncidentDto> {
    return this.alerts.acknowledge(actor, id);
  }

  @Post(':id/resolve')
  @Idempotent()
  @Roles('member')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resolveIncident', summary: 'Resolve an open or acknowledged incident' })
  @ApiOkResponse({ type: IncidentDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  @ApiConflictResponse({ type: ProblemDto, description: 'The incident is already resolved' })
  resolve(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<IncidentDto> {
    return this.alerts.resolve(actor, id);
  }
}
