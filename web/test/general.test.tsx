import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, problem } from './api';
import { me, workspace } from './fixtures';
import { renderApp } from './render';

const billing = {
  body: {
    plan: 'free',
    status: 'active',
    billingCycle: 'monthly',
    currentPeriodStart: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    limits: { seats: 5, integrations: 3, tracesPerMonth: 10000, retentionDays: 14 },
    billingEmail: null,
    hasPaymentMethod: false,
  },
};

describe('General tab', () => {
  it('saves only what changed, shows the new name at once, then "Saved"', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': billing,
      'PUT /api/v1/workspace': async (c) => {
        await gate;
        return { body: { ...workspace, ...(c.body as object), updatedAt: '2026-11-25T10:00:00.000Z' } };
      },
    });
    const { user } = renderApp('/dashboard/settings/general');
    expect(await screen.findByText(/plan's 14 days/)).toBeInTheDocument();
    const name = await screen.findByLabelText('Workspace name');
    await user.clear(name);
    await user.type(name, 'Acme Labs');
    await user.click(screen.getByRole('switch', { name: 'PII masking' }));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Saving…')).toBeInTheDocument();
    expect(screen.getByTitle('Workspace')).toHaveTextContent('Acme Labs'); // optimistic, before the API answered
    release();
    expect(await screen.findByText(/^Saved · /)).toBeInTheDocument();
    expect(api.find('PUT', '/api/v1/workspace').map((c) => c.body)).toEqual([{ name: 'Acme Labs', settings: { piiMasking: true } }]);
    expect(screen.getByRole('button', { name: 'Save changes' })).toBeDisabled();
  });

  it('validates like the API before sending anything', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': billing,
    });
    const { user } = renderApp('/dashboard/settings/general');
    const slug = await screen.findByLabelText('Slug');
    await user.clear(slug);
    await user.type(slug, 'Bad Slug');
    await user.clear(screen.getByLabelText('Sampling rate'));
    await user.type(screen.getByLabelText('Sampling rate'), '2');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText(/2–63 lower-case letters/)).toBeInTheDocument();
    expect(screen.getByText('At most 1 (keep every trace)')).toBeInTheDocument();
    expect(screen.getByLabelText('Slug')).toHaveAttribute('aria-invalid', 'true');
    expect(api.find('PUT', '/api/v1/workspace')).toHaveLength(0);
  });

  it('picks a time zone by searching', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': billing,
      'PUT /api/v1/workspace': (c) => ({ body: { ...workspace, ...(c.body as object) } }),
    });
    const { user } = renderApp('/dashboard/settings/general');
    const tz = await screen.findByRole('combobox', { name: 'Time zone' });
    await user.clear(tz);
    await user.type(tz, 'new york');
    const list = screen.getByRole('listbox', { name: 'Time zones' });
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['America/New York']);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(tz).toHaveValue('America/New_York');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.find('PUT', '/api/v1/workspace')[0]?.body).toEqual({ timezone: 'America/New_York' }));
  });

  it("rolls back and shows the API's detail next to the field on a conflict", async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': billing,
      'PUT /api/v1/workspace': problem(409, 'conflict', 'That slug is already taken', [{ field: 'slug', message: 'is already taken' }]),
    });
    const { user, client } = renderApp('/dashboard/settings/general');
    const slug = await screen.findByLabelText('Slug');
    await user.clear(slug);
    await user.type(slug, 'taken-slug');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('That slug is already taken')).toBeInTheDocument();
    expect(screen.getByText('is already taken')).toBeInTheDocument(); // field error from problem.errors
    expect(client.getQueryData(['workspace'])).toEqual(workspace); // optimistic update rolled back
    expect(slug).toHaveValue('taken-slug'); // the user's input is kept to fix it
  });

  it('is read-only for members, with the reason', async () => {
    fakeApi({ 'GET /api/v1/auth/me': { body: me('member') }, 'GET /api/v1/workspace': { body: workspace } });
    renderApp('/dashboard/settings/general');
    expect(await screen.findByText('Only admins and owners can change workspace settings. Your role is member.')).toBeInTheDocument();
    expect(screen.getByLabelText('Workspace name')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save changes' })).not.toBeInTheDocument();
  });

  it('shows an error state with retry when the workspace cannot be loaded', async () => {
    let fail = true;
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/billing/config': billing,
      'GET /api/v1/workspace': () => (fail ? problem(500, 'internal', 'An unexpected error occurred') : { body: workspace }),
    });
    const { user } = renderApp('/dashboard/settings/general');
    expect(await screen.findByText('An unexpected error occurred')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByDisplayValue('Acme AI')).toBeInTheDocument();
  });
});
