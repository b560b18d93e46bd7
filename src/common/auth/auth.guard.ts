import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { RateLimitBucket, RateLimitService } from '../rate-limit/rate-limit.service';
import { CREDENTIAL_RESOLVER, CredentialResolver, refusalDetail, ResolveResult } from './credential-resolver';
import { PUBLIC_KEY, RATE_BUCKET_KEY, RequestWithPrincipal, ROLES_KEY } from './decorators';
import { Role, roleAtLeast } from './roles';

const MAX_CREDENTIAL_LENGTH = 200;

export function bearerFrom(req: RequestWithPrincipal, allowApiKeyHeader: boolean): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
    return '';
  }
  const x = req.headers['x-api-key'];
  if (allowApiKeyHeader && typeof x === 'string') return x.trim();
  return undefined;
}

/** What a handler's decorators declare about who may call it (`@Public`, `@Roles`, `@RateBucket`, `@ApiKeyHeader`). */
export interface AccessRule {
  isPublic: boolean;
  required: Role | undefined;
  bucket: RateLimitBucket | 'none' | undefined;
  allowXApiKey: boolean;
}

/**
 * The one guard: resolves the credential (user token or API key) to a principal with its live role,
 * applies the rate limit of the route's bucket, then checks the declared `@Roles`.
 * Handlers without `@Roles` or `@Public` are refused (secure by default).
 * `authorize` is the whole rule; the fast path (common/http/fast-path.ts) calls it too.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** each handler's rule, read from its metadata once (with its class: an inherited method may serve two controllers) */
  private readonly rules = new WeakMap<object, { controller: object; rule: AccessRule }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimit: RateLimitService,
    @Inject(CREDENTIAL_RESOLVER) private readonly resolver: CredentialResolver,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const http = ctx.switchToHttp();
    await this.authorize(
      http.getRequest<RequestWithPrincipal>(),
      http.getResponse<FastifyReply>(),
      this.ruleOf(ctx.getHandler(), ctx.getClass()),
    );
    return true;
  }

  /** The access rule a handler of `controller` declares (method decorators override the class's). */
  ruleOf(handler: object, controller: object): AccessRule {
    const cached = this.rules.get(handler);
    if (cached?.controller === controller) return cached.rule;
    const targets = [handler, controller] as Array<() => void>;
    const rule: AccessRule = {
      isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false,
      required: this.reflector.getAllAndOverride<Role | undefined>(ROLES_KEY, targets),
      bucket: this.reflector.getAllAndOverride<RateLimitBucket | 'none' | undefined>(RATE_BUCKET_KEY, targets),
      allowXApiKey: this.reflector.getAllAndOverride<boolean>('agentobs:x-api-key', targets) ?? false,
    };
    this.rules.set(handler, { controller, rule });
    return rule;
  }

  /** Sets `req.principal` or throws the refusal (401, 403, 429 with the RateLimit-* headers on `reply`). */
  async authorize(req: RequestWithPrincipal, reply: FastifyReply, rule: AccessRule): Promise<void> {
    const { isPublic, required, bucket, allowXApiKey } = rule;
    const underApi = req.url.startsWith('/api/');

    if (isPublic) {
      if (bucket !== 'none') await this.limit(reply, bucket ?? 'auth', `ip:${req.ip}`);
      // A public route may still use a credential when one is sent (e.g. accepting an invitation as a signed-in user).
      const credential = bearerFrom(req, false);
      if (credential) {
        const result = await this.resolveSafe(credential);
        if (!result.ok) throw new DomainError('unauthenticated', refusalDetail(result));
        if (result.principal.scope === 'ingest') {
          throw new DomainError('forbidden', 'This API key may only send telemetry (POST /api/v1/ingest and the OTLP routes)');
        }
        req.principal = result.principal;
      }
      return;
    }

    if (!required) throw new DomainError('forbidden', 'This route declares no access rule');
    const credential = bearerFrom(req, allowXApiKey);
    if (!credential) {
      if (underApi) await this.limit(reply, 'api', `ip:${req.ip}`);
      throw new DomainError('unauthenticated', 'Send a credential as "Authorization: Bearer <token or API key>"');
    }
    const result = await this.resolveSafe(credential);
    if (!result.ok) {
      // a known key of a workspace that may no longer act: its refusal is counted there (ingest health), still a 401
      if ('workspaceId' in result) req.refusedKeyWorkspaceId = result.workspaceId;
      if (underApi || allowXApiKey) await this.limit(reply, bucket === 'ingest' ? 'ingest' : 'api', `ip:${req.ip}`);
      if (result.reason === 'no_membership') throw new DomainError('forbidden', 'You are no longer a member of this workspace');
      throw new DomainError('unauthenticated', refusalDetail(result));
    }
    req.principal = result.principal;
    if (bucket !== 'none') await this.limit(reply, bucket ?? 'api', result.principal.credentialId);
    // an ingest-scoped key may call only the ingest routes (POST /api/v1/ingest and OTLP: the `ingest` bucket)
    if (result.principal.scope === 'ingest' && bucket !== 'ingest') {
      throw new DomainError('forbidden', 'This API key may only send telemetry (POST /api/v1/ingest and the OTLP routes)');
    }
    if (!roleAtLeast(result.principal.role, required)) {
      throw new DomainError('forbidden', `This action requires the ${required} role or stronger`);
    }
  }

  private resolveSafe(credential: string) {
    return resolveSafe(this.resolver, credential);
  }

  private limit(reply: FastifyReply, bucket: RateLimitBucket, key: string) {
    return applyRateLimit(this.rateLimit, reply, bucket, key);
  }
}

async function resolveSafe(resolver: CredentialResolver, credential: string): Promise<ResolveResult> {
  if (credential.length > MAX_CREDENTIAL_LENGTH || !/^[A-Za-z0-9_\-.]+$/.test(credential)) return { ok: false, reason: 'invalid' };
  return resolver.resolve(credential);
}

/** Counts one request in the bucket and sets the RateLimit-* headers; over the limit throws 429 (with them and Retry-After). */
async function applyRateLimit(rateLimit: RateLimitService, reply: FastifyReply, bucket: RateLimitBucket, key: string): Promise<void> {
  const { headers } = await rateLimit.consume(bucket, key).catch((e: unknown) => {
    if (e instanceof DomainError) reply.headers(e.options.headers ?? {});
    throw e;
  });
  reply.headers(headers);
}

/**
 * A Fastify `onRequest` hook for requests under /api/ that no route matched (the guard never sees them): they count
 * against the same `api` budget as the routes — the credential's when it is valid, else the client IP's — and carry
 * the RateLimit-* headers (API.md), so probing unknown paths is limited like everything else.
 */
export function rateLimitUnroutedApi(rateLimit: RateLimitService, resolver: CredentialResolver) {
  return async (req: RequestWithPrincipal, reply: FastifyReply): Promise<void> => {
    if (!req.is404 || !req.url.startsWith('/api/')) return;
    const credential = bearerFrom(req, true);
    let key = `ip:${req.ip}`;
    if (credential) {
      const result = await resolveSafe(resolver, credential);
      if (result.ok) key = result.principal.credentialId;
    }
    await applyRateLimit(rateLimit, reply, 'api', key);
  };
}
