import { FastPath } from '../../common/http/fast-path';
import { applyDecorators, Controller, createParamDecorator, ExecutionContext, HttpCode, Post, Res } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiKeyHeader, CurrentPrincipal, RateBucket, Roles } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { OtlpExportTraceRequestDto, OtlpExportTraceResponseDto, OtlpStatusDto } from './dto/otlp.dto';
import { OtlpRequest, OtlpRoute } from './otlp-http';
import { CONTENT_TYPES, exportResponse, OtlpEncoding } from './otlp/otlp-response';
import { OtelService } from './otel.service';
import { IngestTally, IngestTallyOf } from '../../common/ingest-health';

interface OtlpPayload {
  encoding: OtlpEncoding;
  body: unknown;
}

/** The raw body and its encoding (a protobuf Buffer or parsed JSON; decoded by OtelService, not by a pipe). */
const OtlpBody = createParamDecorator((_: unknown, ctx: ExecutionContext): OtlpPayload => {
  const request = ctx.switchToHttp().getRequest<OtlpRequest>();
  return { encoding: request.otlpEncoding ?? 'json', body: request.body };
});

const BINARY = (description: string) => ({ schema: { type: 'string' as const, format: 'binary', description } });
const STATUS_CONTENT = {
  'application/x-protobuf': BINARY('google.rpc.Status, protobuf-encoded (for application/x-protobuf requests)'),
  'application/json': { schema: { $ref: getSchemaPath(OtlpStatusDto) } },
};
/** (401, 403 and 429 also carry the description @Roles gives them) */
const ERRORS: [number, string][] = [
  [400, 'Undecodable body (not a protobuf or JSON ExportTraceServiceRequest, or broken gzip); nothing is stored'],
  [401, 'For OTLP the API key may also come as `x-api-key`'],
  [402, "The request's new traces would pass the plan's monthly trace quota; nothing is stored"],
  [403, 'An API key or member below the member role'],
  [413, 'Body larger than 5 MB after gzip decompression'],
  [415, 'Content-Type other than application/x-protobuf or application/json (answered in JSON), or Content-Encoding other than gzip'],
  [429, 'The ingest bucket (INGEST_RATE_LIMIT_PER_MINUTE, shared with POST /api/v1/ingest)'],
  [503, 'The database is unavailable (restarting, failing over); nothing is stored, retry with backoff (UNAVAILABLE)'],
];

const DESCRIPTION =
  'OTLP/HTTP trace export (opentelemetry-proto ExportTraceServiceRequest), for OpenTelemetry SDKs and Collectors: ' +
  'point `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` here and send a member+ API key as `Authorization: Bearer ao_sk_…` or `x-api-key`. ' +
  'Bodies are `application/x-protobuf` or `application/json` (OTLP JSON: hex ids), optionally gzip, at most 5 MB decompressed. ' +
  'Spans are mapped onto the span model (GenAI semantic conventions and OpenInference → kind, model, usage, input, output; ' +
  'resource attributes under `resource.*`; the rest kept in attributes) and stored exactly like POST /api/v1/ingest (validation, ' +
  'PII masking, sampling, quota, trace.error alerts). Answers follow the OTLP spec, in the encoding of the request: ' +
  'ExportTraceServiceResponse with `partialSuccess` when spans were refused, errors as google.rpc.Status (not problem+json). ' +
  'Requests of more than 1000 spans are stored 1000 at a time; the quota refusing a later batch refuses only its spans (partialSuccess).';

function OtlpExportDocs(operationId: string, summary: string) {
  return applyDecorators(
    ApiExtraModels(OtlpExportTraceRequestDto, OtlpExportTraceResponseDto, OtlpStatusDto),
    ApiOperation({
      operationId,
      summary,
      description: DESCRIPTION,
      requestBody: {
        required: true,
        content: {
          'application/x-protobuf': BINARY('ExportTraceServiceRequest, protobuf-encoded'),
          'application/json': { schema: { $ref: getSchemaPath(OtlpExportTraceRequestDto) } },
        },
      },
    }),
    ApiHeader({
      name: 'Content-Encoding',
      required: false,
      description: '`gzip` or absent',
      schema: { type: 'string', enum: ['gzip', 'identity'] },
    }),
    ApiResponse({
      status: 200,
      description: 'ExportTraceServiceResponse, in the encoding of the request (`{}` when every span was accepted)',
      content: {
        'application/x-protobuf': BINARY('ExportTraceServiceResponse, protobuf-encoded'),
        'application/json': { schema: { $ref: getSchemaPath(OtlpExportTraceResponseDto) } },
      },
    }),
    ...ERRORS.map(([status, description]) =>
      ApiResponse({
        status,
        description: `${description}. Body: google.rpc.Status in the request's encoding (not problem+json)`,
        content: STATUS_CONTENT,
      }),
    ),
  );
}

/**
 * OTLP/HTTP trace ingestion: `POST /api/v1/otel/v1/traces` and the conventional `POST /v1/traces` (what
 * OpenTelemetry exporters append to a base endpoint). Both are the same handler behind the same guard.
 */
@ApiTags('otel')
@Controller()
export class OtelController {
  constructor(private readonly otel: OtelService) {}

  @Post('api/v1/otel/v1/traces')
  @FastPath()
  @HttpCode(200)
  @OtlpExportDocs('otlpExportTraces', 'Receive traces over OTLP/HTTP (protobuf or JSON)')
  @Roles('member')
  @RateBucket('ingest')
  @ApiKeyHeader()
  @OtlpRoute()
  exportTraces(
    @CurrentPrincipal() p: Principal,
    @OtlpBody() payload: OtlpPayload,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IngestTallyOf() tally: IngestTally,
  ) {
    return this.handle(p, payload, reply, tally);
  }

  @Post('v1/traces')
  @FastPath()
  @HttpCode(200)
  @OtlpExportDocs('otlpExportTracesAlias', 'Receive traces over OTLP/HTTP at the conventional path (same as /api/v1/otel/v1/traces)')
  @Roles('member')
  @RateBucket('ingest')
  @ApiKeyHeader()
  @OtlpRoute()
  exportTracesAlias(
    @CurrentPrincipal() p: Principal,
    @OtlpBody() payload: OtlpPayload,
    @Res({ passthrough: true }) reply: FastifyReply,
    @IngestTallyOf() tally: IngestTally,
  ) {
    return this.handle(p, payload, reply, tally);
  }

  private async handle(p: Principal, { encoding, body }: OtlpPayload, reply: FastifyReply, tally: IngestTally) {
    const request = this.otel.decode(encoding, body);
    const partial = await this.otel.export(p.workspaceId, request, tally);
    tally.done = true;
    reply.header('content-type', CONTENT_TYPES[encoding]);
    return exportResponse(encoding, partial);
  }
}
