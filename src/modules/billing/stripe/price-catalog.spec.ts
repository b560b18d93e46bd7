import { Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { swallowedErrors } from '../../../common/metrics/swallowed';
import { parseLookupKey, PriceCatalog, priceLookupKey, productId } from './price-catalog';

describe('price lookup keys', () => {
  it('name each paid plan and cycle, and parse back', () => {
    for (const plan of ['starter', 'professional'] as const) {
      for (const cycle of ['monthly', 'yearly'] as const) {
        expect(parseLookupKey(priceLookupKey(plan, cycle))).toEqual({ plan, cycle });
      }
    }
    expect(priceLookupKey('starter', 'monthly')).toBe('agentobs_starter_monthly');
    expect(productId('professional')).toBe('agentobs_professional');
  });

  it('do not recognise anything else', () => {
    for (const key of [
      null,
      undefined,
      '',
      'agentobs_free_monthly',
      'agentobs_enterprise_yearly',
      'agentobs_starter_weekly',
      'x_agentobs_starter_monthly',
      'agentobs_starter_monthly_x',
    ]) {
      expect(parseLookupKey(key)).toBeNull();
    }
  });
});

describe('PriceCatalog', () => {
  const swallowed = async (where: string) => (await swallowedErrors.get()).values.find((v) => v.labels.where === where)?.value ?? 0;
  const refused = () =>
    new Stripe.errors.StripeInvalidRequestError({ type: 'invalid_request_error', message: 'x', statusCode: 400 } as never);
  const down = () => new Stripe.errors.StripeConnectionError({ type: 'StripeConnectionError', message: 'down' } as never);

  beforeAll(() => Logger.overrideLogger(false));

  it("answers the create's error when the fallback lookups fail too, and counts the lookups' failures", async () => {
    const stripe = {
      prices: {
        list: jest.fn().mockResolvedValueOnce({ data: [] }).mockRejectedValueOnce(down()),
        create: jest.fn().mockRejectedValue(refused()),
      },
      products: { create: jest.fn().mockRejectedValue(refused()), retrieve: jest.fn().mockRejectedValue(down()) },
    };
    const catalog = new PriceCatalog(stripe as unknown as Stripe);
    const [product, price] = [
      await swallowed('billing.price_catalog.product_retrieve'),
      await swallowed('billing.price_catalog.price_lookup'),
    ];
    // products.create refused and products.retrieve unreachable: the create's refusal (502) answers
    await expect(catalog.priceId('starter', 'monthly')).rejects.toMatchObject({ code: 'upstream_unavailable', status: 502 });
    expect(await swallowed('billing.price_catalog.product_retrieve')).toBe(product + 1);

    // the product exists; prices.create refused and the second lookup unreachable: the create's refusal answers
    stripe.prices.list.mockReset().mockResolvedValueOnce({ data: [] }).mockRejectedValueOnce(down());
    stripe.products.retrieve.mockReset().mockResolvedValue({ id: 'agentobs_starter' });
    await expect(catalog.priceId('starter', 'monthly')).rejects.toMatchObject({ status: 502 });
    expect(await swallowed('billing.price_catalog.price_lookup')).toBe(price + 1);

    // a failed lookup is not cached: the next call resolves
    stripe.prices.list.mockReset().mockResolvedValue({ data: [{ id: 'price_1', lookup_key: 'agentobs_starter_monthly' }] });
    await expect(catalog.priceId('starter', 'monthly')).resolves.toBe('price_1');
  });
});
