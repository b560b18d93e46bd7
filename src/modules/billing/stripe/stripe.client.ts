import { Logger, Provider } from '@nestjs/common';
import Stripe from 'stripe';
import { APP_CONFIG, AppConfig } from '../../../config/config';
import { DomainError } from '../../../common/errors/domain-error';

/** The configured Stripe SDK client, or null when `STRIPE_SECRET_KEY` is not set (paid operations answer 503). */
export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

/** Per-request timeout towards Stripe; the SDK retries connection errors and 5xx with backoff. */
export const STRIPE_TIMEOUT_MS = 10_000;
export const STRIPE_MAX_NETWORK_RETRIES = 2;

/** SDK options: `STRIPE_API_BASE` (e.g. http://127.0.0.1:12111 for stripe-mock) overrides host, port and protocol. */
export function stripeOptions(apiBase?: string): ConstructorParameters<typeof Stripe>[1] {
  const options: NonNullable<ConstructorParameters<typeof Stripe>[1]> = {
    timeout: STRIPE_TIMEOUT_MS,
    maxNetworkRetries: STRIPE_MAX_NETWORK_RETRIES,
    telemetry: false,
    appInfo: { name: 'agent-monitoring' },
  };
  if (apiBase) {
    const url = new URL(apiBase);
    const protocol = url.protocol.replace(':', '') as 'http' | 'https';
    options.host = url.hostname;
    options.port = url.port ? Number(url.port) : protocol === 'https' ? 443 : 80;
    options.protocol = protocol;
  }
  return options;
}

export const stripeClientProvider: Provider = {
  provide: STRIPE_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Stripe | null =>
    config.stripe.secretKey ? new Stripe(config.stripe.secretKey, stripeOptions(config.stripe.apiBase)) : null,
};

/** 503 `upstream_unavailable` for paid operations on a server without a Stripe key. */
export const stripeNotConfigured = () =>
  new DomainError('upstream_unavailable', 'Payments are not configured on this server (no Stripe key); paid plans are unavailable');

const logger = new Logger('Stripe');

/**
 * Maps any error raised by a Stripe call to a safe problem: 503 when Stripe is unreachable, overloaded
 * or failing (retry later), 502 when it refused our request. Stripe's own message is never passed on
 * (it may quote parameters); only its type, code and request id are logged.
 */
export function toUpstreamError(err: unknown, operation: string): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    const transient =
      err instanceof Stripe.errors.StripeConnectionError ||
      err instanceof Stripe.errors.StripeRateLimitError ||
      err instanceof Stripe.errors.StripeAPIError ||
      (err.statusCode ?? 0) >= 500 ||
      err.statusCode === undefined;
    logger.warn(
      { operation, type: err.type, code: err.code, statusCode: err.statusCode, stripeRequestId: err.requestId },
      'stripe call failed',
    );
    return transient
      ? new DomainError('upstream_unavailable', 'The payment provider is unavailable; try again shortly', { status: 503 })
      : new DomainError('upstream_unavailable', 'The payment provider refused the request; try again later or contact support', {
          status: 502,
        });
  }
  logger.error({ operation, err }, 'stripe call failed unexpectedly');
  return new DomainError('upstream_unavailable', 'The payment provider is unavailable; try again shortly', { status: 503 });
}

/**
 * Runs a Stripe call, turning its failures into safe problems. `valid` checks the shape of the answer before
 * anything uses it: Stripe's answers are not trusted blindly, an unexpected one is a 502 (never a 500 from
 * reading a missing field, never garbage stored).
 */
export async function callStripe<T>(operation: string, fn: () => Promise<T>, valid?: (answer: T) => boolean): Promise<T> {
  let answer: T;
  try {
    answer = await fn();
  } catch (err) {
    throw toUpstreamError(err, operation);
  }
  let ok = true;
  try {
    ok = !valid || valid(answer);
  } catch {
    ok = false;
  }
  if (!ok) {
    logger.warn({ operation }, 'stripe answered with an unexpected shape');
    throw new DomainError('upstream_unavailable', 'The payment provider gave an unexpected answer; try again later', { status: 502 });
  }
  return answer;
}

/** Shape checks for `callStripe`. */
export const hasId = (answer: unknown): boolean =>
  typeof (answer as { id?: unknown } | null)?.id === 'string' && !!(answer as { id: string }).id;
export const isList = (answer: unknown): boolean => Array.isArray((answer as { data?: unknown } | null)?.data);
