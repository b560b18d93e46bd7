import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ProblemDto } from '../errors/problem.dto';
import type { RateLimitBucket } from '../rate-limit/rate-limit.service';
import { Actor, actorContext, Principal } from './principal';
import { Role } from './roles';

export const ROLES_KEY = 'agentobs:roles';
export const PUBLIC_KEY = 'agentobs:public';
export const RATE_BUCKET_KEY = 'agentobs:rate-bucket';

export type RequestWithPrincipal = FastifyRequest & {
  principal?: Principal;
  /** set by the guard when a known API key was refused (revoked, expired, past its grace): its workspace, for counting only */
  refusedKeyWorkspaceId?: string;
};

/**
 * Declares the weakest role allowed to call the handler. The global guard enforces it and the same
 * declaration documents the bearer security scheme and the 401/403/429 responses in OpenAPI.
 */
export const Roles = (role: Role) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, role),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked credential', type: ProblemDto }),
    ApiForbiddenResponse({ description: `Requires role ${role} or stronger`, type: ProblemDto }),
    ApiTooManyRequestsResponse({ description: 'Rate limit exceeded (see Retry-After)', type: ProblemDto }),
  );

/** No credential required (signup, login, invitation preview/accept, Stripe webhooks). */
export const Public = (bucket: RateLimitBucket | 'none' = 'auth') =>
  applyDecorators(
    SetMetadata(PUBLIC_KEY, true),
    SetMetadata(RATE_BUCKET_KEY, bucket),
    ...(bucket === 'none' ? [] : [ApiTooManyRequestsResponse({ description: 'Rate limit exceeded (see Retry-After)', type: ProblemDto })]),
  );

/** Rate-limit bucket for authenticated handlers (default `api`). */
export const RateBucket = (bucket: RateLimitBucket) => SetMetadata(RATE_BUCKET_KEY, bucket);

/** Also accept the credential in `x-api-key` (OTLP exporters). */
export const ApiKeyHeader = () => applyDecorators(SetMetadata('agentobs:x-api-key', true), ApiSecurity('x-api-key'));

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
  return req.principal as Principal;
});

/** The principal if the caller sent a valid credential to a public route, else undefined. */
export const OptionalPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => ctx.switchToHttp().getRequest<RequestWithPrincipal>().principal,
);

export const ClientIp = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<FastifyRequest>().ip,
);

/** The caller as an `Actor` (principal, its workspace, client IP, request id): what service methods take first. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
  return actorContext(req.principal as Principal, req.ip ?? null, String(req.id));
});
