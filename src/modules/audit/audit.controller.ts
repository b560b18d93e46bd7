import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { AuditService } from './audit.service';
import { AuditLogPageDto, AuditLogQueryDto } from './dto/audit-log.dto';

@ApiTags('audit')
@Controller('api/v1/audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listAuditLogs', summary: 'List audit log entries, newest first' })
  @ApiOkResponse({ type: AuditLogPageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  list(@CurrentActor() actor: Actor, @Query() q: AuditLogQueryDto) {
    return this.audit.list(actor, q);
  }
}
