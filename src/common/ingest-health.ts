import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { bearerFrom } from './auth/auth.guard';
import type { CredentialResolver } from './auth/credential-resolver';
import type { RequestWithPrincipal } from './auth/decorators';
import { API_KEY_PREFIX } from './crypto/tokens';
import { reportSwallowed } from './metrics/swallowed';

/**
 * Ingestion health (API.md `GET /api/v1/ingest/health`): what happened to each request of the ingest routes, counted
 * once per request from a Fastify `onResponse` hook — never per span on the hot path. The ingest handlers fill an
 * `IngestTally` (spans accepted, sampled out, refused by validation); the hook adds what only the response tells
 * (402, 413, 429, 400, a 401 of a known key) and hands one event to the recorder (the ingest-health module).
 */
export interface IngestTally {
  /** spans stored */
  accepted: number;
  /** valid spans of new traces the workspace's sampling dropped */
  sampledOut: number;
  /** spans refused one by one (per-span validation errors) */
  invalid: number;
  /** the first per-span refusal, for `lastErrors` */
  firstError?: { code: string; message: string };
  /** OTLP only: later 1000-span chunks the quota refused (the request still answers 200 with partialSuccess) */
  quotaRefusedChunks: number;
  /** set when the handler ran to the end (the tally is complete) */
  done: boolean;
}

export type IngestSource = 'ingest' | 'otlp';

/** One request's outcome, for one workspace. */
export interface IngestEvent {
  workspaceId: string;
  source: IngestSource;
  /** epoch ms */
  at: number;
  accepted: number;
  sampledOut: number;
  /** spans */
  validation: number;
  /** requests */
  quota: number;
  rateLimited: number;
  tooLarge: number;
  expiredOrRevokedKey: number;
  /** a refusal worth showing in `lastErrors` */
  error?: { code: string; message: string; keyPrefix: string | null };
}

export const INGEST_HEALTH_RECORDER = Symbol('INGEST_HEALTH_RECORDER');

/** Implemented by the ingest-health module: buffers events and writes them to the shared store. */
export interface IngestHealthRecorder {
  record(event: IngestEvent): void;
}

export type IngestRequest = RequestWithPrincipal & {
  ingestTally?: IngestTally;
  /** the problem the error filter answered with (code and detail), for `lastErrors` */
  problemSent?: { code: string; detail: string };
};

/** The handler's tally, created on the request so the response hook finds it (also when the handler throws). */
export const IngestTallyOf = createParamDecorator((_: unknown, ctx: ExecutionContext): IngestTally => {
  const req = ctx.switchToHttp().getRequest<IngestRequest>();
  req.ingestTally = { accepted: 0, sampledOut: 0, invalid: 0, quotaRefusedChunks: 0, done: false };
  return req.ingestTally;
});

/** Route paths (as registered) of the ingest routes and their `source`. */
const SOURCES = new Map<string, IngestSource>([
  ['/api/v1/ingest', 'ingest'],
  ['/api/v1/otel/v1/traces', 'otlp'],
  ['/v1/traces', 'otlp'],
]);

const keyPrefixOf = (credential: string | undefined) =>
  credential?.startsWith(API_KEY_PREFIX) ? credential.slice(0, API_KEY_PREFIX.length + 6) : null;

/** Spans of a refused /api/v1/ingest body when it could be read (`{ spans: [...] }`), else 1 (one unreadable batch). */
function spansOf(body: unknown): number {
  const spans = typeof body === 'object' && body !== null ? (body as { spans?: unknown }).spans : undefined;
  return Array.isArray(spans) && spans.length > 0 ? spans.length : 1;
}

/** The event of one finished request of an ingest route, or undefined when there is nothing to count. */
export function ingestEvent(
  req: IngestRequest,
  status: number,
  workspaceId: string,
  source: IngestSource,
  at = Date.now(),
): IngestEvent | undefined {
  const e: IngestEvent = {
    workspaceId,
    source,
    at,
    accepted: 0,
    sampledOut: 0,
    validation: 0,
    quota: 0,
    rateLimited: 0,
    tooLarge: 0,
    expiredOrRevokedKey: 0,
  };
  const tally = req.ingestTally;
  const problem = req.problemSent;
  const prefix = () => keyPrefixOf(bearerFrom(req, source === 'otlp'));
  if (status < 300) {
    if (!tally?.done) return undefined; // an idempotent replay: nothing was ingested again
    e.accepted = tally.accepted;
    e.sampledOut = tally.sampledOut;
    e.validation = tally.invalid;
    e.quota = tally.quotaRefusedChunks;
    if (tally.firstError) {
      e.error = {
        code: tally.firstError.code,
        message: `${tally.invalid} span${tally.invalid === 1 ? '' : 's'} refused; first: ${tally.firstError.message}`,
        keyPrefix: prefix(),
      };
    } else if (tally.quotaRefusedChunks) {
      e.error = { code: 'plan_limit_exceeded', message: 'Part of the request passed the monthly trace quota', keyPrefix: prefix() };
    }
    return e.accepted || e.sampledOut || e.validation || e.quota ? e : undefined;
  }
  if (status === 400) e.validation = source === 'ingest' ? spansOf(req.body) : 1;
  else if (status === 401) e.expiredOrRevokedKey = 1;
  else if (status === 402) e.quota = 1;
  else if (status === 413) e.tooLarge = 1;
  else if (status === 429) e.rateLimited = 1;
  e.error = { code: problem?.code ?? `http_${status}`, message: (problem?.detail ?? `HTTP ${status}`).slice(0, 500), keyPrefix: prefix() };
  return e;
}

/**
 * The `onResponse` hook: for the ingest routes only (a Map lookup for every other request), the workspace is the
 * principal's, or the one of a known key the guard refused; a request refused before the guard ran (413, a body that
 * does not parse) resolves its credential here, after the answer was sent — it never counts for a workspace its
 * credential does not belong to, and an unknown credential counts nowhere.
 */
export function ingestHealthHook(recorder: IngestHealthRecorder, resolver: CredentialResolver) {
  return (req: IngestRequest, reply: FastifyReply, done: () => void): void => {
    const source = SOURCES.get(req.routeOptions?.url ?? '');
    if (!source || req.method !== 'POST') return done();
    const status = reply.statusCode;
    if (reply.getHeader('idempotent-replayed') === 'true') return done();
    const workspaceId = req.principal?.workspaceId ?? req.refusedKeyWorkspaceId;
    if (workspaceId) {
      const event = ingestEvent(req, status, workspaceId, source);
      if (event) recorder.record(event);
      return done();
    }
    const credential = bearerFrom(req, source === 'otlp');
    if (status < 400 || !credential || credential.length > 200 || !/^[A-Za-z0-9_\-.]+$/.test(credential)) return done();
    done();
    const at = Date.now(); // when it was answered, not when the lookup below finishes
    resolver
      .resolve(credential)
      .then((r) => {
        const ws = r.ok ? r.principal.workspaceId : 'workspaceId' in r ? r.workspaceId : undefined;
        if (!ws) return;
        const event = ingestEvent(req, status, ws, source, at);
        if (event) recorder.record(event);
      })
      .catch((err: unknown) => reportSwallowed('ingest_health.resolve', err));
  };
}
