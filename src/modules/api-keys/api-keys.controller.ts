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
import { ClientIp, CurrentPrincipal, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
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
  list(@CurrentPrincipal() p: Principal, @Query() q: PageQueryDto) {
    return this.keys.list(p, q);
  }

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key; the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateApiKeyDto, @ClientIp() ip: string): Promise<CreatedApiKeyDto> {
    return this.keys.create(p, dto, ip);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key; it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  revoke(@CurrentPrincipal() p: Principal, @Param('id', uuidPipe) id: string, @ClientIp() ip: string): Promise<void> {
    return this.keys.revoke(p, id, ip);
  }
}
