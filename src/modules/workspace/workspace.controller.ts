import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientIp, CurrentPrincipal, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { UpdateWorkspaceDto, WorkspaceDto } from './dto/workspace.dto';
import { WorkspaceService } from './workspace.service';

@ApiTags('workspace')
@Controller('api/v1/workspace')
export class WorkspaceController {
  constructor(private readonly workspaces: WorkspaceService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ operationId: 'getWorkspace', summary: "The caller's workspace" })
  @ApiOkResponse({ type: WorkspaceDto })
  get(@CurrentPrincipal() p: Principal): Promise<WorkspaceDto> {
    return this.workspaces.get(p.workspaceId);
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ operationId: 'updateWorkspace', summary: 'Update name, slug, timezone or settings (partial)' })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ description: 'Slug taken', type: ProblemDto })
  update(@CurrentPrincipal() p: Principal, @Body() dto: UpdateWorkspaceDto, @ClientIp() ip: string): Promise<WorkspaceDto> {
    return this.workspaces.update(p, dto, ip);
  }
}
