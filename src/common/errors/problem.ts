import { HttpException } from '@nestjs/common';
import { DomainError, ERROR_STATUS, ERROR_TITLES, ErrorCode, FieldError } from './domain-error';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
}

export interface ProblemResult {
  problem: Problem;
  headers: Record<string, string>;
  /** true for errors we did not expect: logged with their stack (never sent). */
  unexpected: boolean;
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  402: 'plan_limit_exceeded',
  403: 'forbidden',
  404: 'not_found',
  405: 'not_found',
  409: 'conflict',
  410: 'invitation_expired',
  411: 'validation_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'idempotency_key_reused',
  429: 'rate_limited',
  502: 'upstream_unavailable',
  503: 'upstream_unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const typeUri = (code: ErrorCode) => `https://docs.agentobs.dev/errors/${code.replace(/_/g, '-')}`;

function fastifyDetail(err: { code?: string; message?: string }, status: number): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The request body is not valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty but Content-Type is application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this endpoint accepts';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type; send application/json';
    case 'FST_ERR_CTP_INVALID_TYPE':
      return 'Invalid Content-Type header';
    default:
      if (status === 400 && err.message && /JSON/i.test(err.message)) return 'The request body is not valid JSON';
      return ERROR_TITLES[STATUS_TO_CODE[status] ?? 'internal'];
  }
}

// Postgres (and socket) error codes meaning "the database is unreachable or restarting", not "this request is wrong".
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTCONN',
  'ECONNABORTED',
  '53300', // too many connections (a restarting server's pool refilling)
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|Client was closed and is not queryable|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Query read timeout/i;

/** True for errors of an unreachable dependency (the database restarting, a refused connection): answered 503, not 500. */
export function isDependencyUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 3) return false;
  const err = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof err.code === 'string' && UNAVAILABLE_CODES.has(err.code)) return true;
  if (typeof err.message === 'string' && UNAVAILABLE_MESSAGE.test(err.message)) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isDependencyUnavailable(x, depth + 1))) return true;
  return isDependencyUnavailable(err.driverError, depth + 1) || isDependencyUnavailable(err.cause, depth + 1);
}

/** Maps anything thrown while handling a request to a problem document. Never leaks internals. */
export function toProblem(exception: unknown, requestId: string): ProblemResult {
  let code: ErrorCode = 'internal';
  let status = 500;
  let detail = 'An unexpected error occurred; quote the request id when reporting it';
  let errors: FieldError[] | undefined;
  let headers: Record<string, string> = {};
  let unexpected = false;

  if (exception instanceof DomainError) {
    code = exception.code;
    status = exception.status;
    detail = exception.detail;
    errors = exception.options.errors;
    headers = exception.options.headers ?? {};
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    code = STATUS_TO_CODE[status] ?? (status >= 500 ? 'internal' : 'validation_failed');
    const response = exception.getResponse();
    const msg = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    if (status === 404) detail = 'No such route';
    else if (status === 405) detail = 'Method not allowed';
    else if (typeof msg === 'string' && status < 500) detail = msg;
    else detail = ERROR_TITLES[code];
    if (status >= 500) unexpected = true;
  } else if (
    typeof exception === 'object' &&
    exception !== null &&
    typeof (exception as { statusCode?: unknown }).statusCode === 'number' &&
    (exception as { statusCode: number }).statusCode < 500
  ) {
    // Errors raised by Fastify itself (body parsing, content type, size limits).
    const err = exception as { statusCode: number; code?: string; message?: string };
    status = err.statusCode;
    code = STATUS_TO_CODE[status] ?? 'validation_failed';
    detail = fastifyDetail(err, status);
  } else if (isDependencyUnavailable(exception)) {
    code = 'upstream_unavailable';
    status = 503;
    detail = 'A dependency of this service is unavailable; retry shortly';
    headers = { 'Retry-After': '5' };
    unexpected = true;
  } else {
    unexpected = true;
  }
  if (ERROR_STATUS[code] !== status && !(exception instanceof DomainError)) {
    // keep status and code consistent for mapped framework errors
    status = STATUS_TO_CODE[status] ? status : ERROR_STATUS[code];
  }
  const problem: Problem = { type: typeUri(code), title: ERROR_TITLES[code], status, detail, code, requestId };
  if (errors?.length) problem.errors = errors;
  return { problem, headers, unexpected };
}
