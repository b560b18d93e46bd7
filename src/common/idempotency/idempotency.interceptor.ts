import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { catchError, from, map, mergeMap, Observable, throwError } from 'rxjs';
import { RequestWithPrincipal } from '../auth/decorators';
import { KEY_RING, KeyRing } from '../crypto/encryption';
import { sha256Hex } from '../crypto/tokens';
import { DomainError } from '../errors/domain-error';
import { toProblem } from '../errors/problem';
import { stableStringify } from '../json';
import { IdempotencyRepository } from './idempotency.repository';
import { swallow } from '../metrics/swallowed';
import { APP_CONFIG, AppConfig } from '../../config/config';

/** Thrown to send a stored response again; the problem filter writes it out as it was. */
export class ReplayedResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

const STORED_ERROR_STATUSES = new Set([402, 403, 404, 409, 410]);
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * `Idempotency-Key` on POST (API.md): same credential + key + body within 24 h replays the stored
 * response once the first request finished; a different body is 422; a request still in flight is 409.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly reflector: Reflector,
    @Inject(KEY_RING) private readonly ring: KeyRing,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether the request is one this interceptor acts on (a POST with an Idempotency-Key); the fast path asks it too. */
  static engagedBy(req: FastifyRequest): boolean {
    return req.method === 'POST' && req.headers['idempotency-key'] !== undefined;
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<RequestWithPrincipal>();
    if (!IdempotencyInterceptor.engagedBy(req)) return next.handle();
    const header = req.headers['idempotency-key'] as string | string[];
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255) {
      return throwError(
        () =>
          new DomainError('validation_failed', 'Idempotency-Key must be 1 to 255 characters', {
            errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 characters' }],
          }),
      );
    }
    const scope = req.principal ? req.principal.credentialId : `ip:${req.ip}`;
    const bodyText = Buffer.isBuffer(req.body) ? sha256Hex(req.body) : stableStringify(req.body ?? null);
    const hash = sha256Hex(`${req.method} ${req.url.split('?')[0]}\n${bodyText}`);
    const successStatus = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? 201;

    return from(this.begin(scope, key, hash)).pipe(
      mergeMap(() => next.handle()),
      mergeMap((body) => from(this.finish(scope, key, successStatus, body ?? null)).pipe(map(() => body))),
      catchError((err: unknown) => {
        if (err instanceof BeginRefusal) return throwError(() => err.error);
        const { problem } = toProblem(err, String(req.id));
        const done = STORED_ERROR_STATUSES.has(problem.status)
          ? this.finish(scope, key, problem.status, problem)
          : this.release(scope, key);
        return from(done).pipe(mergeMap(() => throwError(() => err)));
      }),
    );
  }

  private async begin(scope: string, key: string, hash: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.repo.begin(scope, key, hash)) return;
      const row = await this.repo.find(scope, key);
      if (!row) continue; // released meanwhile: try again
      const expired =
        row.age > IDEMPOTENCY_TTL_HOURS * 3600 || (row.state === 'in_flight' && row.age > this.config.idempotencyInFlightSeconds);
      if (expired) {
        await this.repo.deleteIfOlder(scope, key, row.age - 0.001);
        continue;
      }
      if (row.request_hash !== hash) {
        throw new BeginRefusal(new DomainError('idempotency_key_reused', 'This Idempotency-Key was used with a different request body'));
      }
      if (row.state === 'in_flight') {
        throw new BeginRefusal(
          new DomainError('idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress', {
            headers: { 'Retry-After': '1' },
          }),
        );
      }
      throw new BeginRefusal(new ReplayedResponse(row.response_status ?? 200, this.openBody(scope, key, row.response_body)));
    }
    throw new BeginRefusal(new DomainError('idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress'));
  }

  /**
   * Stores the outcome. If that fails (the database went away after the operation ran), the response is still
   * sent; the record stays in flight, so a retry with the key answers 409 until it expires (IDEMPOTENCY_IN_FLIGHT_SECONDS)
   * and then runs again: never a replay of nothing. Logged and counted.
   */
  private async finish(scope: string, key: string, status: number, body: unknown) {
    await this.repo.finish(scope, key, status, sealResponse(this.ring, scope, key, body)).catch(swallow('idempotency.finish', { status }));
  }

  /** The stored response; one no key of the ring opens any more cannot be replayed (nor may the request run again). */
  private openBody(scope: string, key: string, stored: unknown): unknown {
    try {
      return openResponse(this.ring, scope, key, stored);
    } catch {
      throw new DomainError(
        'conflict',
        'The response stored for this Idempotency-Key can no longer be read; send the request with a new key',
      );
    }
  }

  /** Frees the key of a request that did not run (400, 401, 429, 5xx); if that fails, the record expires in flight instead. */
  private async release(scope: string, key: string) {
    await this.repo.release(scope, key).catch(swallow('idempotency.release'));
  }
}

/**
 * Stored responses can hold secrets (the access token of a signup or login, a new API key's secret), so they
 * are kept encrypted with the key ring (AES-GCM, bound to the record's scope and key), as a jsonb string.
 */
export const responseAad = (scope: string, key: string) => `idempotency:${scope}:${key}`;

export function sealResponse(ring: KeyRing, scope: string, key: string, body: unknown): string {
  return ring.encrypt(JSON.stringify(body ?? null), responseAad(scope, key));
}

/** Opens a sealed response (a jsonb string); rows stored before encryption (a JSON object or null) are returned as they are. */
export function openResponse(ring: KeyRing, scope: string, key: string, stored: unknown): unknown {
  return typeof stored === 'string' ? JSON.parse(ring.decrypt(stored, responseAad(scope, key))) : stored;
}

class BeginRefusal {
  constructor(readonly error: unknown) {}
}

/**
 * Declares `Idempotency-Key` support on a POST handler. Per handler rather than a global interceptor: an
 * interceptor on every route puts Nest's interceptor chain (rxjs + async-resource binding) on every GET too,
 * measured at ~15 % of a cached read. idempotent-routes.spec.ts checks that every POST route but OTLP declares it.
 */
export const Idempotent = () => UseInterceptors(IdempotencyInterceptor);
