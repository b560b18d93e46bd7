import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { IngestHealthDto, IngestHealthQueryDto } from './dto/ingest-health.dto';
import { IngestHealthService } from './ingest-health.service';

@ApiTags('traces')
@Controller('api/v1/ingest/health')
export class IngestHealthController {
  constructor(private readonly health: IngestHealthService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    operationId: 'getIngestHealth',
    summary: "What happened to this workspace's telemetry",
    description:
      'For `?from=&to=` (default the last 24 h; hour granularity, at most 366 days), over POST /api/v1/ingest and the OTLP routes: ' +
      'spans accepted and sampled out, refusals by reason (`validation` counts spans, the others requests), per UTC day, and the ' +
      '20 most recent refusals with the API key prefix used. A request made with an expired, rotated-out or revoked key of this ' +
      'workspace counts here. Counts are written by every API process within about a second.',
  })
  @ApiOkResponse({ type: IngestHealthDto })
  @ApiBadRequestResponse({ description: 'from/to not ISO-8601, from not before to, or a window over 366 days', type: ProblemDto })
  get(@CurrentPrincipal() p: Principal, @Query() q: IngestHealthQueryDto): Promise<IngestHealthDto> {
    return this.health.health(p.workspaceId, q);
  }
}
