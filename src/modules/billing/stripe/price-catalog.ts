import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import { reportSwallowed } from '../../../common/metrics/swallowed';
import { BillingCycle, PaidPlanId, PLANS } from '../plans';
import { callStripe, hasId, isList, STRIPE_CLIENT, stripeNotConfigured } from './stripe.client';

/** The Stripe lookup key of a plan's price, e.g. `agentobs_starter_monthly`. */
export const priceLookupKey = (plan: PaidPlanId, cycle: BillingCycle) => `agentobs_${plan}_${cycle}`;
/** The Stripe product id of a plan (fixed, so it is created once), e.g. `agentobs_starter`. */
export const productId = (plan: PaidPlanId) => `agentobs_${plan}`;

const LOOKUP_KEY = /^agentobs_(starter|professional)_(monthly|yearly)$/;

/** Plan and cycle named by a lookup key of ours, or null. */
export function parseLookupKey(key: string | null | undefined): { plan: PaidPlanId; cycle: BillingCycle } | null {
  const m = key ? LOOKUP_KEY.exec(key) : null;
  return m ? { plan: m[1] as PaidPlanId, cycle: m[2] as BillingCycle } : null;
}

/**
 * Stripe prices of the paid plans, found by lookup key and created (with their product) when missing,
 * so a fresh Stripe account needs no manual setup. Resolved lazily on first use and cached for the
 * life of the process; the amounts come from `PLANS`. Renaming or repricing in Stripe is done by
 * moving the lookup key to a new price (`transfer_lookup_key`); restart the process to pick it up.
 */
@Injectable()
export class PriceCatalog {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(@Inject(STRIPE_CLIENT) private readonly stripe: Stripe | null) {}

  priceId(plan: PaidPlanId, cycle: BillingCycle): Promise<string> {
    const key = priceLookupKey(plan, cycle);
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.resolve(plan, cycle, key);
      this.cache.set(key, pending);
      // Handled: the caller gets the rejection; the failed lookup is dropped from the cache so the next caller retries.
      pending.catch(() => this.cache.delete(key));
    }
    return pending;
  }

  private async resolve(plan: PaidPlanId, cycle: BillingCycle, key: string): Promise<string> {
    const stripe = this.stripe;
    if (!stripe) throw stripeNotConfigured();
    const found = await this.find(stripe, key);
    if (found) return found;
    const def = PLANS[plan];
    await callStripe('products.create', () =>
      stripe.products.create({ id: productId(plan), name: `Agent Monitoring ${def.name}`, metadata: { plan } }),
    ).catch(async (err) => {
      // Another process (or an earlier run) created it: fine. If it cannot be read either, the create's error stands.
      const existing = await callStripe('products.retrieve', () => stripe.products.retrieve(productId(plan))).catch((e) => {
        reportSwallowed('billing.price_catalog.product_retrieve', e, { plan });
        return null;
      });
      if (!existing) throw err;
    });
    const usd = cycle === 'monthly' ? def.priceMonthlyUsd : def.priceYearlyUsd;
    try {
      const price = await callStripe(
        'prices.create',
        () =>
          stripe.prices.create({
            product: productId(plan),
            currency: 'usd',
            unit_amount: Math.round((usd as number) * 100),
            recurring: { interval: cycle === 'monthly' ? 'month' : 'year' },
            lookup_key: key,
            metadata: { plan, billingCycle: cycle },
          }),
        hasId,
      );
      return price.id;
    } catch (err) {
      // Lost a race with another process creating the same lookup key: use theirs.
      const again = await this.find(stripe, key).catch((e) => {
        reportSwallowed('billing.price_catalog.price_lookup', e, { lookupKey: key }); // the create's error stands
        return null;
      });
      if (again) return again;
      throw err;
    }
  }

  private async find(stripe: Stripe, key: string): Promise<string | null> {
    const list = await callStripe('prices.list', () => stripe.prices.list({ lookup_keys: [key], active: true, limit: 1 }), isList);
    const found = list.data.find((p) => p?.lookup_key === key);
    return found && hasId(found) ? found.id : null;
  }
}
