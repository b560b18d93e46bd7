import type Stripe from 'stripe';
import { mapSubscriptionStatus, planOfSubscription } from './billing-webhooks.service';

const subscription = (price: Partial<Stripe.Price>, metadata: Record<string, string> = {}) =>
  ({
    metadata,
    items: { data: [{ price: { lookup_key: null, metadata: {}, recurring: { interval: 'month' }, ...price } }] },
  }) as unknown as Stripe.Subscription;

describe('mapSubscriptionStatus', () => {
  it.each([
    ['active', 'active'],
    ['trialing', 'trialing'],
    ['past_due', 'past_due'],
    ['unpaid', 'past_due'],
    ['canceled', 'canceled'],
    ['incomplete_expired', 'canceled'],
    ['incomplete', 'incomplete'],
    ['paused', 'incomplete'],
    ['something_new', 'incomplete'],
  ])('%s → %s', (stripe, ours) => {
    expect(mapSubscriptionStatus(stripe)).toBe(ours);
  });
});

describe('planOfSubscription', () => {
  it('reads plan and cycle from our price lookup key first', () => {
    expect(planOfSubscription(subscription({ lookup_key: 'agentobs_professional_yearly' }, { plan: 'starter' }))).toEqual({
      plan: 'professional',
      cycle: 'yearly',
    });
  });

  it('falls back to price metadata, then subscription metadata, with the cycle from the interval', () => {
    expect(
      planOfSubscription(subscription({ metadata: { plan: 'starter' }, recurring: { interval: 'year' } as Stripe.Price.Recurring })),
    ).toEqual({ plan: 'starter', cycle: 'yearly' });
    expect(planOfSubscription(subscription({}, { plan: 'professional', billingCycle: 'monthly' }))).toEqual({
      plan: 'professional',
      cycle: 'monthly',
    });
  });

  it('does not recognise other prices, nor non-self-serve plans in metadata', () => {
    expect(planOfSubscription(subscription({ lookup_key: 'someone_elses_price' }))).toBeNull();
    expect(planOfSubscription(subscription({}, { plan: 'enterprise' }))).toBeNull();
    expect(planOfSubscription({ metadata: {}, items: { data: [] } } as unknown as Stripe.Subscription)).toBeNull();
  });
});
