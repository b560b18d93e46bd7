import { BillingAccount } from './entities/billing-account.entity';
import { toBillingConfigDto } from './billing.service';

const account = (over: Partial<BillingAccount>): BillingAccount =>
  Object.assign(new BillingAccount(), {
    workspaceId: 'w',
    plan: 'starter',
    status: 'active',
    billingCycle: 'monthly',
    currentPeriodStart: new Date('2025-01-01T00:00:00Z'),
    currentPeriodEnd: new Date('2025-02-01T00:00:00Z'),
    cancelAtPeriodEnd: false,
    stripeCustomerId: 'cus_1',
    stripeSubscriptionId: 'sub_1',
    billingEmail: 'b@example.com',
    hasPaymentMethod: true,
    limitsOverride: null,
    lastSubscriptionEventAt: null,
    pastDueSince: null,
    ...over,
  });

describe('toBillingConfigDto', () => {
  it('no row = free plan, active, free limits', () => {
    expect(toBillingConfigDto(null)).toEqual({
      plan: 'free',
      status: 'active',
      billingCycle: 'monthly',
      currentPeriodStart: null,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      limits: { seats: 5, integrations: 3, tracesPerMonth: 10000, retentionDays: 14 },
      billingEmail: null,
      hasPaymentMethod: false,
    });
  });

  it('shows the plan with the limits in force, never Stripe ids', () => {
    const dto = toBillingConfigDto(account({}));
    expect(dto).toMatchObject({
      plan: 'starter',
      currentPeriodStart: '2025-01-01T00:00:00.000Z',
      limits: { seats: 10 },
      billingEmail: 'b@example.com',
    });
    expect(JSON.stringify(dto)).not.toMatch(/cus_1|sub_1/);
  });

  it("past_due within grace keeps the plan's limits, after it the free ones", () => {
    const now = new Date('2025-03-01T00:00:00Z');
    expect(toBillingConfigDto(account({ status: 'past_due', pastDueSince: new Date('2025-02-20T00:00:00Z') }), now).limits.seats).toBe(10);
    expect(toBillingConfigDto(account({ status: 'past_due', pastDueSince: new Date('2025-02-10T00:00:00Z') }), now).limits.seats).toBe(5);
    expect(toBillingConfigDto(account({ status: 'canceled' })).limits.seats).toBe(5);
  });
});
