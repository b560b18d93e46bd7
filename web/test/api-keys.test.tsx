import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ApiKeyDto } from '@api';
import { fakeApi, page, problem } from './api';
import { me } from './fixtures';
import { renderApp } from './render';

const key: ApiKeyDto = {
  id: 'k-1',
  name: 'Prod agents',
  prefix: 'ao_sk_abcd',
  role: 'member',
  scope: 'full',
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  graceEndsAt: null,
  createdBy: { id: 'u-1', name: 'Ada', email: 'ada@example.com' },
};
const SECRET = 'ao_sk_abcdefghijklmnopqrstuvwxyz0123456789';

describe('API Keys tab', () => {
  it('shows an empty state, then creates a key whose secret is shown once with a copy button', async () => {
    let keys: ApiKeyDto[] = [];
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me('admin') },
      'GET /api/v1/api-keys': () => page(keys),
      'POST /api/v1/api-keys': (c) => {
        keys = [{ ...key, name: (c.body as { name: string }).name }];
        return {
          status: 201,
          body: {
            id: 'k-1',
            name: keys[0].name,
            prefix: key.prefix,
            role: 'viewer',
            scope: 'full',
            key: SECRET,
            createdAt: key.createdAt,
            expiresAt: null,
          },
        };
      },
    });
    const { user } = renderApp('/dashboard/settings/api-keys');
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    expect(screen.queryByRole('option', { name: 'Owner' })).not.toBeInTheDocument(); // never above the creator's role
    await user.click(await screen.findByRole('option', { name: 'Viewer' }));
    await user.type(within(dialog).getByLabelText('Name'), 'CI');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    const reveal = await screen.findByRole('dialog', { name: 'Copy your new API key' });
    expect(within(reveal).getByDisplayValue(SECRET)).toBeInTheDocument();
    expect(within(reveal).getByText(/You will not be able to see this key again/)).toBeInTheDocument();
    await user.click(within(reveal).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(SECRET); // user-event's clipboard stub
    expect(await within(reveal).findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    expect(api.find('POST', '/api/v1/api-keys')[0].body).toEqual({ name: 'CI', role: 'viewer', scope: 'full' });

    await user.click(within(reveal).getByRole('button', { name: 'I have stored the key' }));
    expect(await screen.findByRole('row', { name: /CI/ })).toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET); // gone for good
  });

  it('creates an ingest-only key that expires: role fixed to member, expiresAt sent', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me('owner') },
      'GET /api/v1/api-keys': page([]),
      'POST /api/v1/api-keys': {
        status: 201,
        body: { ...key, scope: 'ingest', key: SECRET, expiresAt: '2027-01-01T00:00:00.000Z' },
      },
    });
    const { user } = renderApp('/dashboard/settings/api-keys');
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(dialog).getByLabelText('Name'), 'CI');
    await user.click(within(dialog).getByRole('combobox', { name: 'Scope' }));
    await user.click(await screen.findByRole('option', { name: /Ingest only/ }));
    expect(within(dialog).getByRole('combobox', { name: 'Role' })).toBeDisabled();
    await user.click(within(dialog).getByRole('combobox', { name: 'Expires' }));
    await user.click(await screen.findByRole('option', { name: 'In 30 days' }));
    const before = Date.now();
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    await screen.findByRole('dialog', { name: 'Copy your new API key' });
    const body = api.find('POST', '/api/v1/api-keys')[0].body as { expiresAt: string };
    expect(body).toMatchObject({ name: 'CI', role: 'member', scope: 'ingest' });
    const days = (Date.parse(body.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
  });

  it("shows scope, expiry and rotation state; rotates with the chosen grace, shows the new secret once and the old key's grace end", async () => {
    const graceEndsAt = '2030-05-01T10:00:00.000Z';
    let rotated = false;
    const keys = () => [
      { ...key, scope: 'ingest' as const, expiresAt: '2030-01-01T00:00:00.000Z', graceEndsAt: rotated ? graceEndsAt : null },
      { ...key, id: 'k-2', name: 'Old CI', expiresAt: '2020-01-01T00:00:00.000Z' },
    ];
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me('admin') },
      'GET /api/v1/api-keys': () => page(keys()),
      'POST /api/v1/api-keys/k-1/rotate': () => {
        rotated = true;
        return { status: 201, body: { ...key, id: 'k-3', scope: 'ingest', key: SECRET, expiresAt: '2030-01-01T00:00:00.000Z' } };
      },
    });
    const { user } = renderApp('/dashboard/settings/api-keys');
    const row = await screen.findByRole('row', { name: /Prod agents/ });
    expect(within(row).getByText('Ingest only')).toBeInTheDocument();
    const expired = screen.getByRole('row', { name: /Old CI/ });
    expect(within(expired).getByText('Expired')).toBeInTheDocument();
    expect(within(expired).queryByRole('button', { name: 'Rotate Old CI' })).not.toBeInTheDocument();

    await user.click(within(row).getByRole('button', { name: 'Rotate Prod agents' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate "Prod agents"' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Old key keeps working for' }));
    await user.click(await screen.findByRole('option', { name: '24 hours' }));
    await user.click(within(dialog).getByRole('button', { name: 'Rotate key' }));
    const reveal = await screen.findByRole('dialog', { name: 'Copy the new API key' });
    expect(within(reveal).getByDisplayValue(SECRET)).toBeInTheDocument();
    expect(within(reveal).getByTestId('grace-ends-at')).toHaveTextContent('2030');
    expect(api.find('POST', '/api/v1/api-keys/k-1/rotate')[0].body).toEqual({ gracePeriodSeconds: 86400 });
    await user.click(within(reveal).getByRole('button', { name: 'I have stored the key' }));
    const after = await screen.findByRole('row', { name: /Prod agents/ });
    expect(await within(after).findByText('Rotated')).toBeInTheDocument();
    expect(within(after).queryByRole('button', { name: 'Rotate Prod agents' })).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('revokes only after confirmation', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/api-keys': page([key]),
      'DELETE /api/v1/api-keys/k-1': { status: 204 },
    });
    const { user } = renderApp('/dashboard/settings/api-keys');
    await user.click(await screen.findByRole('button', { name: 'Revoke Prod agents' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Revoke "Prod agents"?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(api.find('DELETE', '/api/v1/api-keys/k-1')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Revoke Prod agents' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Revoke key' }));
    await waitFor(() => expect(api.find('DELETE', '/api/v1/api-keys/k-1')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
  });

  it("shows the API's detail when creating fails", async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/api-keys': page([]),
      'POST /api/v1/api-keys': problem(429, 'rate_limited', 'Too many requests; retry in 12 s'),
    });
    const { user } = renderApp('/dashboard/settings/api-keys');
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('Name'), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Too many requests; retry in 12 s')).toBeInTheDocument();
  });

  it('is closed to members and viewers, with the reason', async () => {
    const api = fakeApi({ 'GET /api/v1/auth/me': { body: me('viewer') } });
    renderApp('/dashboard/settings/api-keys');
    expect(await screen.findByText('Only admins and owners can see and manage API keys. Your role is viewer.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create API key' })).not.toBeInTheDocument();
    expect(api.find('GET', '/api/v1/api-keys')).toHaveLength(0);
  });
});
