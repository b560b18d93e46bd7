import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiPaymentRequiredResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
  ApiHeader,
} from '@nestjs/swagger';
import { CurrentPrincipal, RateBucket, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ProblemDto } from '../../common/errors/problem.dto';
import { Page } from '../../common/pagination/pagination';
import { IngestRequestDto, IngestResponseDto } from './dto/span.dto';
import { ListTracesQueryDto, TraceDto, TracePageDto, TraceStatsDto, TraceStatsQueryDto, TraceSummaryDto } from './dto/trace.dto';
import { RouteBody } from '../../common/http/request-body';
import { FastPath } from '../../common/http/fast-path';
import { scanIngestBody } from './ingest-body';
import { IngestionService, spansOfBody } from './ingestion.service';
import { MAX_INGEST_BODY_BYTES } from './span-model';
import { TracesService } from './traces.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';
import { IngestTally, IngestTallyOf } from '../../common/ingest-health';

@ApiTags('traces')
@Controller('api/v1')
export class IngestionController {
  constructor(private readonly ingestion: IngestionService) {}

  @Post('ingest')
  @FastPath()
  @Idempotent()
  @HttpCode(200)
  @Roles('member')
  @RateBucket('ingest')
  @RouteBody({ limit: MAX_INGEST_BODY_BYTES, gzip: true, parse: scanIngestBody, depthChecked: true, reuseMemory: true })
  @ApiOperation({
    operationId: 'ingestSpans',
    summary: 'Send a batch of spans (what the SDKs call)',
    description:
      'Up to 1000 spans and 5 MB (after gzip decompression; send `Content-Encoding: gzip` to compress). ' +
      'Each span is validated on its own: invalid ones are listed in `errors` (by index) and the valid ones stored. ' +
      'A span sent again (same traceId + spanId) replaces the stored one. New traces count toward the monthly trace quota; ' +
      "if the batch's new traces would pass it the whole batch is refused with 402 and nothing is stored. " +
      'Rate-limited per credential by INGEST_RATE_LIMIT_PER_MINUTE.',
  })
  @ApiHeader({
    name: 'Content-Encoding',
    required: false,
    description: '`gzip` or absent',
    schema: { type: 'string', enum: ['gzip', 'identity'] },
  })
  @ApiBody({ type: IngestRequestDto })
  @ApiOkResponse({ type: IngestResponseDto })
  @ApiBadRequestResponse({ description: 'Not a JSON object { spans }, more than 1000 spans, or not valid gzip', type: ProblemDto })
  @ApiPaymentRequiredResponse({ description: "The batch's new traces would pass the plan's monthly trace quota", type: ProblemDto })
  @ApiPayloadTooLargeResponse({ description: 'Body larger than 5 MB after decompression', type: ProblemDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not application/json, or an encoding other than gzip', type: ProblemDto })
  async ingest(@CurrentPrincipal() p: Principal, @Body() body: unknown, @IngestTallyOf() tally: IngestTally): Promise<IngestResponseDto> {
    const spans = spansOfBody(body);
    const result = await this.ingestion.ingest(p.workspaceId, spans, tally);
    tally.done = true;
    // The batch is stored: the request lets go of its spans. A request object V8 promoted to the old generation (its
    // socket's `_httpMessage`, a listener closure) is scanned by every scavenge until the next mark-compact, dead or
    // not, so whatever it still points to would survive and be promoted in turn: measured, 14 MB of each scavenge's
    // survivors (README, Performance, step 10).
    spans.length = 0;
    return result;
  }
}

@ApiTags('traces')
@Controller('api/v1/traces')
export class TracesController {
  constructor(private readonly traces: TracesService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({
    operationId: 'listTraces',
    summary: 'Traces, newest first',
    description:
      "Filters, combined: `status`, start time (`from` inclusive, `to` exclusive), `name` (substring of the root span's name, " +
      "case-insensitive), `kind` (the root span's), `model` (used by any span), `minDurationMs`, `minCostUsd`. " +
      'Keep the same filters when following `nextCursor`. A bad filter value → 400 `validation_failed`.',
  })
  @ApiOkResponse({ type: TracePageDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  list(@CurrentPrincipal() p: Principal, @Query() q: ListTracesQueryDto): Promise<Page<TraceSummaryDto>> {
    return this.traces.list(p.workspaceId, q);
  }

  // declared before ':traceId' so that "stats" is not taken for a trace id
  @Get('stats')
  @Roles('viewer')
  @ApiOperation({
    operationId: 'getTraceStats',
    summary: 'Traces over time: counts, errors, duration percentiles, tokens and cost per bucket',
    description:
      'Traces by start time in [`from`, `to`) (default the last 24 hours; at most 31 days), in buckets of `bucket` ' +
      "(default the smallest of minute, hour, day giving at most 200 buckets; at most 1440 buckets). The list's filters apply. " +
      'A bad value, a range over 31 days or too many buckets → 400 `validation_failed`.',
  })
  @ApiOkResponse({ type: TraceStatsDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  stats(@CurrentPrincipal() p: Principal, @Query() q: TraceStatsQueryDto): Promise<TraceStatsDto> {
    return this.traces.stats(p.workspaceId, q);
  }

  @Get(':traceId')
  @Roles('viewer')
  @ApiOperation({ operationId: 'getTrace', summary: 'One trace with its spans in start order' })
  @ApiParam({ name: 'traceId', description: '32 hex characters', schema: { type: 'string', pattern: '^[0-9a-fA-F]{32}$' } })
  @ApiOkResponse({ type: TraceDto })
  @ApiNotFoundResponse({ description: 'No such trace in this workspace', type: ProblemDto })
  get(@CurrentPrincipal() p: Principal, @Param('traceId') traceId: string): Promise<TraceDto> {
    return this.traces.get(p.workspaceId, traceId);
  }
}
