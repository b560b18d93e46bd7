import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';
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
  @ApiBadRequestResponse({ type: ProblemDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, dto);
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
