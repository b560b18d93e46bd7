import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { BillingConfigDto, UsageDto } from '@api';
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
