import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { BillingConfigDto, PlanCatalogDto, UsageDto } from '@api';
import { external } from '../src/lib/navigation';
import { fakeApi, page, problem } from './api';
import { me } from './fixtures';
import { renderApp } from './render';

const config: BillingConfigDto = {
  plan: 'free',
  status: 'active',
  billingCycle: 'monthly',
  currentPeriodStart: null,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  limits: { seats: 5, integrations: 3, tracesPerMonth: 10000, retentionDays: 14 },
  billingEmail: null,
  hasPaymentMethod: false,
};
const usage: UsageDto = {
  periodStart: '2026-11-01T00:00:00.000Z',
  periodEnd: '2026-12-01T00:00:00.000Z',
  traces: { used: 8500, limit: 10000 },
  seats: { used: 5, limit: 5 },
  integrations: { used: 1, limit: 3 },
  daily: [
    { date: '2026-11-01', traces: 5000 },
    { date: '2026-11-02', traces: 3500 },
  ],
};
/** GET /billing/plans as the API serves it (src/modules/billing/plans.ts). */
const plans: PlanCatalogDto = {
  data: [
    {
      id: 'free',
      name: 'Free',
      description: 'For trying things out.',
      limits: { seats: 5, integrations: 3, tracesPerMonth: 10000, retentionDays: 14 },
      priceMonthlyUsd: 0,
      priceYearlyUsd: 0,
      selfServe: true,
    },
    {
      id: 'starter',
      name: 'Starter',
      description: 'For small teams shipping agents.',
      limits: { seats: 10, integrations: 6, tracesPerMonth: 100000, retentionDays: 30 },
      priceMonthlyUsd: 49,
      priceYearlyUsd: 490,
      selfServe: true,
    },
    {
      id: 'professional',
      name: 'Professional',
      description: 'For production workloads.',
      limits: { seats: 50, integrations: 6, tracesPerMonth: 1000000, retentionDays: 90 },
      priceMonthlyUsd: 249,
      priceYearlyUsd: 2490,
      selfServe: true,
    },
    {
      id: 'enterprise',
      name: 'Enterprise',
      description: 'Unlimited scale, by contract.',
      limits: { seats: null, integrations: 6, tracesPerMonth: null, retentionDays: 365 },
      priceMonthlyUsd: null,
      priceYearlyUsd: null,
      selfServe: false,
    },
  ],
};
const invoice = {
  id: 'inv-1',
  stripeInvoiceId: 'in_1',
  number: 'AO-0001',
  status: 'paid',
  amountDue: 4900,
  amountPaid: 4900,
  currency: 'usd',
  periodStart: '2026-10-01T00:00:00.000Z',
  periodEnd: '2026-11-01T00:00:00.000Z',
  hostedInvoiceUrl: 'https://invoice.stripe.com/i/1',
  pdfUrl: 'https://pay.stripe.com/pdf/1',
  createdAt: '2026-10-01T00:00:00.000Z',
};

const routes = (over = {}) => ({
  'GET /api/v1/auth/me': { body: me() },
  'GET /api/v1/billing/config': { body: config },
  'GET /api/v1/billing/plans': { body: plans },
  'GET /api/v1/billing/usage': { body: usage },
  'GET /api/v1/billing/invoices': page([invoice]),
  ...over,
});

describe('Billing tab', () => {
  it('shows the plan, usage bars, the daily chart and invoices with links', async () => {
    fakeApi(routes());
    renderApp('/dashboard/settings/billing');
    expect(await screen.findByTestId('current-plan')).toHaveTextContent('Free');
    const traces = await screen.findByRole('progressbar', { name: 'Traces' });
    expect(traces).toHaveAttribute('aria-valuetext', '8,500 of 10,000');
    expect(screen.getByRole('progressbar', { name: 'Seats' })).toHaveAttribute('aria-valuetext', '5 of 5');
    expect(screen.getByRole('img', { name: 'Daily traces: 8,500 this period, at most 5,000 in a day' })).toBeInTheDocument();
    const invoices = await screen.findByRole('table', { name: 'Invoices' });
    expect(within(invoices).getByText('$49.00')).toBeInTheDocument();
    expect(within(invoices).getByRole('link', { name: /View/ })).toHaveAttribute('href', 'https://invoice.stripe.com/i/1');
    expect(within(invoices).getByRole('link', { name: /PDF/ })).toHaveAttribute('rel', 'noopener noreferrer');
  });

  it("shows the API's plan catalogue: names, prices, descriptions and limits (no copy in the app)", async () => {
    const catalogue = structuredClone(plans);
    catalogue.data[1] = { ...catalogue.data[1], name: 'Team', priceMonthlyUsd: 59, description: 'Served by the API.' };
    catalogue.data[1].limits = { ...catalogue.data[1].limits, seats: 12 };
    const api = fakeApi(routes({ 'GET /api/v1/billing/plans': { body: catalogue } }));
    renderApp('/dashboard/settings/billing');
    const card = (await screen.findByRole('heading', { name: 'Team' })).closest('article') as HTMLElement;
    expect(within(card).getByText('$59')).toBeInTheDocument();
    expect(within(card).getByText('Served by the API.')).toBeInTheDocument();
    expect(within(card).getByText('12 seats')).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Upgrade to Team' })).toBeInTheDocument();
    const enterprise = screen.getByRole('heading', { name: 'Enterprise' }).closest('article') as HTMLElement;
    expect(within(enterprise).getByText('Contact us')).toBeInTheDocument();
    expect(api.find('GET', '/api/v1/billing/plans')).toHaveLength(1);
  });

  it('says so when the plans cannot be loaded, and retries', async () => {
    let fail = true;
    fakeApi(
      routes({
        'GET /api/v1/billing/plans': () => (fail ? problem(503, 'upstream_unavailable', 'The database is unavailable') : { body: plans }),
      }),
    );
    const { user } = renderApp('/dashboard/settings/billing');
    expect(await screen.findByText('The database is unavailable')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Upgrade to Starter' })).toBeInTheDocument();
  });

  it('upgrades through Stripe Checkout', async () => {
    const go = vi.spyOn(external, 'go').mockImplementation(() => undefined);
    const api = fakeApi(
      routes({
        'POST /api/v1/billing/checkout': { status: 201, body: { sessionId: 'cs_1', url: 'https://checkout.stripe.com/c/pay/cs_1' } },
      }),
    );
    const { user } = renderApp('/dashboard/settings/billing');
    await user.click(await screen.findByRole('combobox', { name: 'Billing cycle' }));
    await user.click(await screen.findByRole('option', { name: 'Yearly' }));
    await user.click(screen.getByRole('button', { name: 'Upgrade to Professional' }));
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_1'));
    expect(api.find('POST', '/api/v1/billing/checkout')[0].body).toEqual({
      plan: 'professional',
      billingCycle: 'yearly',
      successUrl: `${window.location.origin}/dashboard/settings/billing?checkout=success`,
      cancelUrl: `${window.location.origin}/dashboard/settings/billing?checkout=cancelled`,
    });
  });

  it('changes a live subscription in place, falling back to Checkout when the API asks for it', async () => {
    const go = vi.spyOn(external, 'go').mockImplementation(() => undefined);
    const paid = { ...config, plan: 'starter', currentPeriodStart: '2026-11-01T00:00:00Z', currentPeriodEnd: '2026-12-01T00:00:00Z' };
    const api = fakeApi(
      routes({
        'GET /api/v1/billing/config': { body: paid },
        'PUT /api/v1/billing/plan': problem(409, 'checkout_required', 'This workspace has no subscription yet'),
        'POST /api/v1/billing/checkout': { status: 201, body: { sessionId: 'cs_2', url: 'https://checkout.stripe.com/c/pay/cs_2' } },
      }),
    );
    const { user } = renderApp('/dashboard/settings/billing');
    await user.click(await screen.findByRole('button', { name: 'Upgrade to Professional' }));
    await waitFor(() => expect(go).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_2'));
    expect(api.find('PUT', '/api/v1/billing/plan')[0].body).toEqual({ plan: 'professional', billingCycle: 'monthly' });
  });

  it('shows why an upgrade is impossible (Stripe not configured)', async () => {
    fakeApi(
      routes({ 'POST /api/v1/billing/checkout': problem(503, 'upstream_unavailable', 'Payments are not configured on this server') }),
    );
    const { user } = renderApp('/dashboard/settings/billing');
    await user.click(await screen.findByRole('button', { name: 'Upgrade to Starter' }));
    expect(await screen.findByText('Payments are not configured on this server')).toBeInTheDocument();
  });

  it('admins see billing but cannot change the plan; members cannot see it', async () => {
    fakeApi(routes({ 'GET /api/v1/auth/me': { body: me('admin') } }));
    renderApp('/dashboard/settings/billing');
    expect(await screen.findByText('Only owners can change the plan. Your role is admin.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upgrade to Starter' })).toBeDisabled();
  });

  it('is closed to members', async () => {
    const api = fakeApi(routes({ 'GET /api/v1/auth/me': { body: me('member') } }));
    renderApp('/dashboard/settings/billing');
    expect(
      await screen.findByText('Only admins and owners can see the plan, usage and invoices. Your role is member.'),
    ).toBeInTheDocument();
    expect(api.find('GET', '/api/v1/billing/config')).toHaveLength(0);
  });

  it('says so when there are no invoices', async () => {
    fakeApi(routes({ 'GET /api/v1/billing/invoices': page([]) }));
    renderApp('/dashboard/settings/billing');
    expect(await screen.findByText('No invoices yet')).toBeInTheDocument();
  });
});
