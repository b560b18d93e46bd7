import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { PageQueryDto } from '../../common/pagination/pagination';
import { uuidPipe } from '../../common/validation/uuid.pipe';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto, RotateApiKeyDto } from './dto/api-key.dto';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('api-keys')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listApiKeys', summary: 'List active API keys (never the secret)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  list(@CurrentActor() actor: Actor, @Query() q: PageQueryDto) {
    return this.keys.list(actor, q);
  }

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key; the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({
    description: 'Invalid fields, expiresAt not in the future, or an ingest key with a role other than member',
    type: ProblemDto,
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, dto);
  }

  @Post(':id/rotate')
  @Idempotent()
  @Roles('admin')
  @ApiOperation({
    operationId: 'rotateApiKey',
    summary: 'Replace a key by a new one; the old one keeps working for a grace period',
    description:
      "The new key has the old one's name, role, scope and expiry; its secret is shown once. The old key keeps working until " +
      'its `graceEndsAt` (now + `gracePeriodSeconds`, default 3600, 0 stops it at once), then answers 401. Audit `api_key.rotated`.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ description: 'Bad id or gracePeriodSeconds outside 0..86400', type: ProblemDto })
  @ApiNotFoundResponse({ description: 'No such key (or revoked)', type: ProblemDto })
  @ApiConflictResponse({ description: 'The key was already rotated, or has expired', type: ProblemDto })
  rotate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: RotateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.rotate(actor, id, dto);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  revoke(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
