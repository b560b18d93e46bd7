import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { DomainError } from '../../../common/errors/domain-error';
import { callStripe, hasId, isList, stripeOptions, toUpstreamError } from './stripe.client';

beforeAll(() => Logger.overrideLogger(false));

const SECRETISH = 'Invalid API Key provided: sk_live_abcdef123456 for cus_internal';
const raw = (type: string, statusCode?: number) =>
  ({ type, message: SECRETISH, statusCode, code: 'some_code', requestId: 'req_1' }) as never;

describe('stripeOptions', () => {
  it('points the SDK at STRIPE_API_BASE (host, port, protocol)', () => {
    expect(stripeOptions('http://127.0.0.1:12111')).toMatchObject({ host: '127.0.0.1', port: 12111, protocol: 'http' });
    expect(stripeOptions('https://stripe.internal')).toMatchObject({ host: 'stripe.internal', port: 443, protocol: 'https' });
  });

  it('talks to api.stripe.com by default, with a timeout and retries, without telemetry', () => {
    const options = stripeOptions(undefined);
    expect(options).not.toHaveProperty('host');
    expect(options).toMatchObject({ timeout: expect.any(Number), maxNetworkRetries: expect.any(Number), telemetry: false });
  });
});

describe('toUpstreamError', () => {
  it.each([
    ['connection error', new Stripe.errors.StripeConnectionError(raw('StripeConnectionError')), 503],
    ['rate limit', new Stripe.errors.StripeRateLimitError(raw('rate_limit_error', 429)), 503],
    ['Stripe 5xx', new Stripe.errors.StripeAPIError(raw('api_error', 500)), 503],
    ['invalid request', new Stripe.errors.StripeInvalidRequestError(raw('invalid_request_error', 400)), 502],
    ['bad API key', new Stripe.errors.StripeAuthenticationError(raw('authentication_error', 401)), 502],
    ['permission', new Stripe.errors.StripePermissionError(raw('permission_error', 403)), 502],
    ['not a Stripe error', new TypeError(SECRETISH), 503],
  ])('%s → %i upstream_unavailable with a safe detail', (_label, err, status) => {
    const mapped = toUpstreamError(err, 'test');
    expect(mapped).toBeInstanceOf(DomainError);
    expect({ code: mapped.code, status: mapped.status }).toEqual({ code: 'upstream_unavailable', status });
    expect(mapped.detail).not.toMatch(/sk_live|cus_internal|Invalid API Key|some_code/);
  });

  it('lets our own errors through unchanged', () => {
    const own = new DomainError('checkout_required', 'x');
    expect(toUpstreamError(own, 'test')).toBe(own);
  });

  it('callStripe returns the result or throws the mapped error', async () => {
    await expect(callStripe('ok', async () => 42)).resolves.toBe(42);
    await expect(
      callStripe('fail', async () => {
        throw new Stripe.errors.StripeConnectionError(raw('StripeConnectionError'));
      }),
    ).rejects.toMatchObject({ code: 'upstream_unavailable', status: 503 });
  });

  it('callStripe checks the shape of the answer: an unexpected one is a 502, never used', async () => {
    await expect(callStripe('customers.create', async () => ({ id: 'cus_1' }), hasId)).resolves.toEqual({ id: 'cus_1' });
    for (const answer of [{}, { id: 7 }, { id: '' }, null, 'garbage']) {
      await expect(callStripe('customers.create', async () => answer as never, hasId)).rejects.toMatchObject({
        code: 'upstream_unavailable',
        status: 502,
      });
    }
    await expect(callStripe('prices.list', async () => ({ data: 'x' }) as never, isList)).rejects.toMatchObject({ status: 502 });
    await expect(callStripe('prices.list', async () => ({ data: [] }), isList)).resolves.toEqual({ data: [] });
    await expect(
      callStripe(
        'throwing check',
        async () => null as never,
        (a: never) => (a as { x: { y: number } }).x.y > 0,
      ),
    ).rejects.toMatchObject({ status: 502 });
  });
});
