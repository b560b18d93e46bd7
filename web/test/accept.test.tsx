import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { session } from '../src/api/session';
import { fakeApi, problem } from './api';
import { me, workspace } from './fixtures';
import { renderApp } from './render';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const preview = {
  workspace: { name: 'Acme AI' },
  email: 'bob@example.com',
  role: 'admin',
  invitedBy: { name: 'Ada' },
  expiresAt: new Date(Date.now() + 3 * 86_400_000 + 60_000).toISOString(),
};
const accepted = { accessToken: 'bob-token', expiresIn: 3600, member: {}, workspace };

describe('Accept invitation page', () => {
  it('shows workspace and role, and creates the account with name + password', async () => {
    const api = fakeApi({
      [`GET /api/v1/invitations/${TOKEN}`]: { body: preview },
      [`POST /api/v1/team/invitations/${TOKEN}/accept`]: { body: accepted },
      'GET /api/v1/auth/me': { body: me('admin') },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': problem(503, 'upstream_unavailable', 'x'),
    });
    const { user } = renderApp(`/invitations/${TOKEN}/accept`, { signedIn: false });
    expect(await screen.findByRole('heading', { name: 'Join Acme AI' })).toBeInTheDocument();
    expect(screen.getByTestId('invitation-workspace')).toHaveTextContent('Acme AI');
    expect(screen.getByText('Admin')).toBeInTheDocument();
    expect(screen.getByText('in 3 days')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Your name'), 'Bob');
    await user.type(screen.getByLabelText('Choose a password'), 'a long password 123');
    await user.click(screen.getByRole('button', { name: 'Create account and join' }));
    expect(await screen.findByRole('tab', { name: 'General', selected: true })).toBeInTheDocument();
    expect(session.token()).toBe('bob-token');
    const call = api.find('POST', `/api/v1/team/invitations/${TOKEN}/accept`)[0];
    expect(call.body).toEqual({ name: 'Bob', password: 'a long password 123' });
    expect(call.headers.get('authorization')).toBeNull();
  });

  it('a signed-in user with the invited email just joins', async () => {
    const bob = { ...me('viewer'), user: { ...me().user!, email: 'bob@example.com' } };
    const api = fakeApi({
      [`GET /api/v1/invitations/${TOKEN}`]: { body: preview },
      [`POST /api/v1/team/invitations/${TOKEN}/accept`]: { body: accepted },
      'GET /api/v1/auth/me': { body: bob },
      'GET /api/v1/workspace': { body: workspace },
    });
    const { user } = renderApp(`/invitations/${TOKEN}/accept`);
    await user.click(await screen.findByRole('button', { name: 'Join Acme AI' }));
    await waitFor(() => expect(session.token()).toBe('bob-token'));
    expect(api.find('POST', `/api/v1/team/invitations/${TOKEN}/accept`)[0].headers.get('authorization')).toBe('Bearer test-token');
  });

  it('a signed-in user with another email is told, and can switch', async () => {
    fakeApi({ [`GET /api/v1/invitations/${TOKEN}`]: { body: preview }, 'GET /api/v1/auth/me': { body: me() } });
    const { user } = renderApp(`/invitations/${TOKEN}/accept`);
    expect(await screen.findByText(/but this invitation is for/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign out and continue as bob@example.com' }));
    expect(await screen.findByLabelText('Your name')).toBeInTheDocument();
    expect(session.token()).toBeUndefined();
  });

  it("an email that already has an account: the API's 409 and a sign-in link that comes back here", async () => {
    fakeApi({
      [`GET /api/v1/invitations/${TOKEN}`]: { body: preview },
      [`POST /api/v1/team/invitations/${TOKEN}/accept`]: problem(409, 'conflict', 'This email already has an account: log in and accept'),
    });
    const { user } = renderApp(`/invitations/${TOKEN}/accept`, { signedIn: false });
    await user.type(await screen.findByLabelText('Your name'), 'Bob');
    await user.type(screen.getByLabelText('Choose a password'), 'a long password 123');
    await user.click(screen.getByRole('button', { name: 'Create account and join' }));
    expect(await screen.findByText('This email already has an account: log in and accept')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in as bob@example.com' })).toHaveAttribute(
      'href',
      `/login?next=${encodeURIComponent(`/invitations/${TOKEN}/accept`)}`,
    );
  });

  it.each([
    [404, 'not_found', 'This invitation link is not valid'],
    [410, 'invitation_expired', 'This invitation has expired'],
  ])('a %s says what happened', async (status, code, heading) => {
    fakeApi({ [`GET /api/v1/invitations/${TOKEN}`]: problem(status, code, 'The invitation expired on 1 Nov') });
    renderApp(`/invitations/${TOKEN}/accept`, { signedIn: false });
    expect(await screen.findByRole('heading', { name: heading })).toBeInTheDocument();
  });
});
