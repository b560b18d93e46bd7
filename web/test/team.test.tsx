import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InvitationDto, MemberDto } from '@api';
import { fakeApi, page, problem } from './api';
import { me, workspace } from './fixtures';
import { renderApp } from './render';

const m = (over: Partial<MemberDto>): MemberDto => ({
  id: 'm-1',
  userId: 'u-1',
  email: 'ada@example.com',
  name: 'Ada',
  role: 'owner',
  status: 'active',
  joinedAt: '2026-01-01T00:00:00.000Z',
  removedAt: null,
  lastActiveAt: null,
  ...over,
});
const members = [
  m({}),
  m({ id: 'm-2', userId: 'u-2', email: 'olga@example.com', name: 'Olga', role: 'owner' }),
  m({ id: 'm-3', userId: 'u-3', email: 'bob@example.com', name: 'Bob', role: 'member' }),
];
const invitation: InvitationDto = {
  id: 'i-1',
  email: 'new@example.com',
  role: 'member',
  status: 'pending',
  emailStatus: 'sent',
  emailSentAt: null,
  invitedBy: { id: 'u-1', name: 'Ada', type: 'user' },
  expiresAt: new Date(Date.now() + 6 * 86_400_000 + 3_600_000).toISOString(),
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('Team tab', () => {
  it('lists members and pending invitations with their expiry', async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/workspace': { body: workspace },
      'GET /api/v1/team/members': page(members),
      'GET /api/v1/team/invitations': page([invitation]),
    });
    renderApp('/dashboard/settings/team');
    const table = await screen.findByRole('table', { name: 'Active members' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getByText('(you)')).toBeInTheDocument();
    const inv = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(within(inv).getByText('new@example.com')).toBeInTheDocument();
    expect(within(inv).getByText('Expires in 6 days')).toBeInTheDocument();
    expect(within(inv).getByText('Email sent')).toBeInTheDocument();
  });

  it('an admin cannot touch owners: controls disabled with the reason', async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: { ...me('admin'), user: { ...me().user!, id: 'u-3' } } },
      'GET /api/v1/team/members': page(members),
      'GET /api/v1/team/invitations': page([]),
    });
    renderApp('/dashboard/settings/team');
    const olga = (await screen.findByText('olga@example.com')).closest('tr')!;
    expect(within(olga).getByRole('combobox', { name: 'Role of Olga' })).toBeDisabled();
    expect(within(olga).getByText("Only an owner can change an owner's role.")).toBeInTheDocument();
    expect(within(olga).getByRole('button', { name: 'Remove Olga' })).toBeDisabled();
    expect(within(olga).getByText('Admins cannot remove owners.')).toBeInTheDocument();
  });

  it('members see the team without any controls, and why', async () => {
    fakeApi({ 'GET /api/v1/auth/me': { body: me('member') }, 'GET /api/v1/team/members': page(members) });
    renderApp('/dashboard/settings/team');
    await screen.findByText('olga@example.com');
    expect(screen.queryByRole('button', { name: 'Invite member' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Only admins and owners can invite people, change roles or remove members/)).toBeInTheDocument();
    expect(screen.getByText(/Only admins and owners can see and manage invitations/)).toBeInTheDocument();
  });

  it('changes a role, removes with confirmation, and filters removed members', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/team/invitations': page([]),
      'GET /api/v1/team/members': (c) =>
        c.query.get('status') === 'removed'
          ? page([
              m({
                id: 'm-9',
                userId: 'u-9',
                name: 'Rita',
                email: 'rita@example.com',
                role: 'viewer',
                status: 'removed',
                removedAt: '2026-02-01T00:00:00Z',
              }),
            ])
          : page(members),
      'PUT /api/v1/team/members/m-3/role': (c) => ({ body: m({ id: 'm-3', name: 'Bob', role: (c.body as { role: 'admin' }).role }) }),
      'DELETE /api/v1/team/members/m-3': { status: 204 },
      'POST /api/v1/team/members/m-9/reactivate': { body: m({ id: 'm-9', name: 'Rita', role: 'viewer' }) },
    });
    const { user } = renderApp('/dashboard/settings/team');
    await user.click(await screen.findByRole('combobox', { name: 'Role of Bob' }));
    await user.click(await screen.findByRole('option', { name: 'Admin' }));
    await waitFor(() => expect(api.find('PUT', '/api/v1/team/members/m-3/role')[0]?.body).toEqual({ role: 'admin' }));

    await user.click(screen.getByRole('button', { name: 'Remove Bob' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Remove Bob?' });
    expect(api.find('DELETE', '/api/v1/team/members/m-3')).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Remove member' }));
    await waitFor(() => expect(api.find('DELETE', '/api/v1/team/members/m-3')).toHaveLength(1));

    await user.click(screen.getByRole('combobox', { name: 'Member status' }));
    await user.click(await screen.findByRole('option', { name: 'Removed' }));
    const removed = await screen.findByRole('table', { name: 'Removed members' });
    await user.click(within(removed).getByRole('button', { name: 'Reactivate Rita' }));
    await waitFor(() => expect(api.find('POST', '/api/v1/team/members/m-9/reactivate')).toHaveLength(1));
  });

  it('shows last_owner refusals from the API', async () => {
    fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/team/invitations': page([]),
      'GET /api/v1/team/members': page([m({})]),
      'PUT /api/v1/team/members/m-1/role': problem(409, 'last_owner', 'The workspace needs at least one active owner'),
    });
    const { user } = renderApp('/dashboard/settings/team');
    await user.click(await screen.findByRole('combobox', { name: 'Role of Ada' }));
    await user.click(await screen.findByRole('option', { name: 'Member' }));
    expect(await screen.findByText('The workspace needs at least one active owner')).toBeInTheDocument();
  });

  it('invites; a full plan (402) explains the limit and links to Billing', async () => {
    let seatsFull = false;
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me('admin') },
      'GET /api/v1/team/members': page(members),
      'GET /api/v1/team/invitations': page([]),
      'POST /api/v1/team/invite': (c) =>
        seatsFull
          ? problem(402, 'plan_limit_exceeded', 'The free plan allows 5 seats')
          : { status: 201, body: { ...invitation, email: (c.body as { email: string }).email } },
    });
    const { user } = renderApp('/dashboard/settings/team');
    await user.click(await screen.findByRole('button', { name: 'Invite member' }));
    let dialog = await screen.findByRole('dialog', { name: 'Invite a member' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Role' }));
    expect(await screen.findByRole('option', { name: 'Owner' })).toHaveAttribute('data-disabled'); // admins cannot invite owners
    await user.keyboard('{Escape}');
    await user.type(within(dialog).getByLabelText('Email'), 'carol@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.find('POST', '/api/v1/team/invite')[0].body).toEqual({ email: 'carol@example.com', role: 'member' });

    seatsFull = true;
    await user.click(screen.getByRole('button', { name: 'Invite member' }));
    dialog = await screen.findByRole('dialog', { name: 'Invite a member' });
    await user.type(within(dialog).getByLabelText('Email'), 'dave@example.com');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(await within(dialog).findByText('Plan limit reached')).toBeInTheDocument();
    expect(within(dialog).getByText('The free plan allows 5 seats')).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: /Billing/ })).toHaveAttribute('href', '/dashboard/settings/billing');
  });

  it('resends and cancels (after confirming) an invitation', async () => {
    const api = fakeApi({
      'GET /api/v1/auth/me': { body: me() },
      'GET /api/v1/team/members': page(members),
      'GET /api/v1/team/invitations': page([invitation]),
      'POST /api/v1/team/invitations/i-1/resend': { body: invitation },
      'DELETE /api/v1/team/invitations/i-1': { status: 204 },
    });
    const { user } = renderApp('/dashboard/settings/team');
    await user.click(await screen.findByRole('button', { name: 'Resend invitation to new@example.com' }));
    await waitFor(() => expect(api.find('POST', '/api/v1/team/invitations/i-1/resend')).toHaveLength(1));
    await user.click(screen.getByRole('button', { name: 'Cancel invitation to new@example.com' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel invitation' }));
    await waitFor(() => expect(api.find('DELETE', '/api/v1/team/invitations/i-1')).toHaveLength(1));
  });
});
