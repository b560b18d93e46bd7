import { parseLookupKey, priceLookupKey, productId } from './price-catalog';

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
