import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../common/auth/decorators';
import { Actor } from '../../common/auth/principal';
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
  get(@CurrentActor() actor: Actor): Promise<WorkspaceDto> {
    return this.workspaces.get(actor.workspaceId);
  }

  @Put()
  @Roles('admin')
  @ApiOperation({ operationId: 'updateWorkspace', summary: 'Update name, slug, timezone or settings (partial)' })
  @ApiOkResponse({ type: WorkspaceDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiConflictResponse({ description: 'Slug taken', type: ProblemDto })
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateWorkspaceDto): Promise<WorkspaceDto> {
    return this.workspaces.update(actor, dto);
  }
}
