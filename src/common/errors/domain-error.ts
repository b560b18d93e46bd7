/** Stable machine codes of API.md's "Error codes" section and the HTTP status each maps to. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  plan_limit_exceeded: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  already_member: 409,
  invitation_pending: 409,
  last_owner: 409,
  checkout_required: 409,
  idempotency_key_in_use: 409,
  invitation_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal: 500,
  upstream_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export const ERROR_TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthenticated: 'Unauthenticated',
  plan_limit_exceeded: 'Plan limit exceeded',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  already_member: 'Already a member',
  invitation_pending: 'Invitation pending',
  last_owner: 'Last owner',
  checkout_required: 'Checkout required',
  idempotency_key_in_use: 'Idempotency key in use',
  invitation_expired: 'Invitation expired',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  idempotency_key_reused: 'Idempotency key reused',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  upstream_unavailable: 'Upstream unavailable',
};

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type services throw. The problem filter turns it into RFC 9457 problem+json;
 * `detail` must be safe to show to the caller (no secrets, SQL or internals).
 */
export class DomainError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: { errors?: FieldError[]; status?: number; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.status = options.status ?? ERROR_STATUS[code];
  }
}

export const notFound = (what = 'Resource') => new DomainError('not_found', `${what} not found`);
export const forbidden = (detail = 'Your role does not allow this action') => new DomainError('forbidden', detail);
export const conflict = (detail: string) => new DomainError('conflict', detail);
export const validationFailed = (field: string, message: string) =>
  new DomainError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
