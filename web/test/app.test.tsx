import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { session } from '../src/api/session';
import { fakeApi, problem } from './api';
import { me, workspace } from './fixtures';
import { renderApp } from './render';

describe('routing and session', () => {
  it('/ sends a signed-out visitor to the login page', async () => {
    fakeApi({});
    renderApp('/', { signedIn: false });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('/ sends a signed-in person to Settings › General', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': problem(503, 'upstream_unavailable', 'x'),
    });
    renderApp('/');
    expect(await screen.findByRole('tab', { name: 'General', selected: true })).toBeInTheDocument();
    expect(await screen.findByDisplayValue('Acme AI')).toBeInTheDocument();
    expect(api.find('GET', '/api/v1/auth/me')[0].headers.get('authorization')).toBe('Bearer test-token');
  });

  it('a protected page without a session goes to login and comes back after signing in', async () => {
    const api = fakeApi({
      'POST /api/v1/auth/login': { body: { accessToken: 'fresh', expiresIn: 3600, role: 'owner', user: me().user, workspace } },
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/api-keys': { body: { data: [], nextCursor: null } },
    });
    const { user } = renderApp('/dashboard/settings/api-keys', { signedIn: false });
    await user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('tab', { name: 'API Keys', selected: true })).toBeInTheDocument();
    expect(session.token()).toBe('fresh');
    expect(api.find('POST', '/api/v1/auth/login')[0].body).toEqual({ email: 'ada@example.com', password: 'correct horse battery' });
  });

  it("shows the API's detail when login fails, and validates before sending", async () => {
    const api = fakeApi({ 'POST /api/v1/auth/login': problem(401, 'unauthenticated', 'Wrong email or password') });
    const { user } = renderApp('/login', { signedIn: false });
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address')).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'nope');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong email or password')).toBeInTheDocument();
    expect(session.token()).toBeUndefined();
  });

  it('a 401 from any call ends the session and shows the login page', async () => {
    fakeApi({ 'GET /api/v1/auth/me': problem(401, 'unauthenticated', 'The credential is invalid, expired or revoked') });
    renderApp('/dashboard/settings/team');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(session.token()).toBeUndefined();
  });

  it('an unknown tab goes to General; an unknown page says so', async () => {
    fakeApi({ 'GET /api/v1/auth/me': { body: me() }, 'GET /api/v1/workspace': { body: workspace } });
    renderApp('/dashboard/settings/nope');
    await waitFor(() => expect(screen.getByRole('tab', { name: 'General', selected: true })).toBeInTheDocument());
  });

  it('signup creates the workspace and starts a session', async () => {
    const api = fakeApi({
      'POST /api/v1/auth/signup': { status: 201, body: { accessToken: 'new', expiresIn: 60, role: 'owner', user: me().user, workspace } },
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/billing/config': problem(403, 'forbidden', 'x'),
    });
    const { user } = renderApp('/login?mode=signup', { signedIn: false });
    await user.type(await screen.findByLabelText('Your name'), 'Ada');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Workspace name'), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('At least 12 characters')).toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'long enough password');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('tab', { name: 'General', selected: true })).toBeInTheDocument();
    expect(api.find('POST', '/api/v1/auth/signup')[0].body).toEqual({
      name: 'Ada',
      email: 'ada@example.com',
      password: 'long enough password',
      workspaceName: 'Acme',
    });
  });
});
