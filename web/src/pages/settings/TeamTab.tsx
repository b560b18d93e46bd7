import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { InvitationDto, MemberDto, MemberStatus, Role } from '@api';
import { api } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { useServerErrors } from '../../components/useServerErrors';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog, Dialog } from '../../components/ui/Dialog';
import { Field, TextField } from '../../components/ui/Field';
import { Select } from '../../components/ui/Select';
import { Badge, Empty, ErrorState, Loading, Notice, ProblemAlert } from '../../components/ui/States';
import { useToast } from '../../components/ui/Toast';
import { formatDate, formatDateTime, relativeTime } from '../../lib/format';
import { atLeast, needsRole, ROLE_LABEL, ROLES } from '../../lib/roles';
import { inviteSchema, type InviteForm } from '../../lib/schemas';
import type { TabProps } from './SettingsPage';

type RoleFilter = Role | 'all';

/** Why `me` may not change `member`'s role (null: allowed). Mirrors the API's rules. */
export function roleChangeBlocked(myRole: Role, member: MemberDto): string | null {
  if (!atLeast(myRole, 'admin')) return 'Only admins and owners can change roles.';
  if (member.status !== 'active') return 'Reactivate the member first.';
  if (member.role === 'owner' && myRole !== 'owner') return "Only an owner can change an owner's role.";
  return null;
}

export function removeBlocked(myRole: Role, member: MemberDto): string | null {
  if (!atLeast(myRole, 'admin')) return 'Only admins and owners can remove members.';
  if (member.role === 'owner' && myRole !== 'owner') return 'Admins cannot remove owners.';
  return null;
}

export function TeamTab({ me }: TabProps) {
  const canManage = atLeast(me.role, 'admin');
  const [inviteOpen, setInviteOpen] = useState(false);
  return (
    <div className="stack-lg">
      <section aria-labelledby="members-heading" className="section">
        <div className="section-head">
          <div>
            <h2 id="members-heading">Members</h2>
            <p className="muted">People with access to this workspace and their roles.</p>
          </div>
          {canManage ? (
            <Button variant="primary" onClick={() => setInviteOpen(true)}>
              Invite member
            </Button>
          ) : null}
        </div>
        {!canManage && <Notice>{needsRole(me.role, 'admin', 'invite people, change roles or remove members')}</Notice>}
        <Members me={me} />
      </section>
      <section aria-labelledby="invitations-heading" className="section">
        <div className="section-head">
          <div>
            <h2 id="invitations-heading">Invitations</h2>
            <p className="muted">Invitations waiting to be accepted. Each link works once and expires after 7 days.</p>
          </div>
        </div>
        {canManage ? <Invitations /> : <Notice>{needsRole(me.role, 'admin', 'see and manage invitations')}</Notice>}
      </section>
      {canManage && <InviteDialog open={inviteOpen} onOpenChange={setInviteOpen} myRole={me.role} />}
    </div>
  );
}

function Members({ me }: TabProps) {
  const [status, setStatus] = useState<MemberStatus>('active');
  const [role, setRole] = useState<RoleFilter>('all');
  const members = usePaged(['members', status, role], (cursor) =>
    api.team.listMembers({ limit: 50, cursor, status, role: role === 'all' ? undefined : role }),
  );
  const canManage = atLeast(me.role, 'admin');
  return (
    <div className="card">
      <div className="toolbar" role="group" aria-label="Filter members">
        <label className="toolbar-item">
          <span className="toolbar-label" id="member-status-label">
            Status
          </span>
          <Select<MemberStatus>
            aria-label="Member status"
            size="sm"
            value={status}
            onValueChange={setStatus}
            options={[
              { value: 'active', label: 'Active' },
              { value: 'removed', label: 'Removed' },
            ]}
          />
        </label>
        <label className="toolbar-item">
          <span className="toolbar-label">Role</span>
          <Select<RoleFilter>
            aria-label="Member role"
            size="sm"
            value={role}
            onValueChange={setRole}
            options={[{ value: 'all', label: 'All roles' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }))]}
          />
        </label>
      </div>
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => members.refetch()} />
      ) : members.items.length === 0 ? (
        <Empty title={status === 'removed' ? 'No removed members' : 'No members match these filters'} />
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" aria-label={`${status === 'active' ? 'Active' : 'Removed'} members`}>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">{status === 'active' ? 'Joined' : 'Removed'}</th>
                  <th scope="col">Last active</th>
                  {canManage && (
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {members.items.map((m) => (
                  <MemberRow key={m.id} member={m} me={me} />
                ))}
              </tbody>
            </table>
          </div>
          {members.hasNextPage && (
            <div className="table-more">
              <Button size="sm" busy={members.isFetchingNextPage} onClick={() => members.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function MemberRow({ member, me }: { member: MemberDto } & TabProps) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirmRemove, setConfirmRemove] = useState(false);
  const canManage = atLeast(me.role, 'admin');
  const isMe = me.user?.id === member.userId;
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['members'] });
    void qc.invalidateQueries({ queryKey: ['billing', 'usage'] });
    if (isMe) void qc.invalidateQueries({ queryKey: ['me'] });
  };
  const changeRole = useMutation({
    mutationFn: (role: Role) => api.team.changeMemberRole({ id: member.id, requestBody: { role } }),
    onSuccess: (m) => {
      toast.success(`${m.name} is now ${ROLE_LABEL[m.role].toLowerCase()}`);
      invalidate();
    },
  });
  const remove = useMutation({
    mutationFn: () => api.team.removeMember({ id: member.id }),
    onSuccess: () => {
      setConfirmRemove(false);
      toast.success(`${member.name} was removed`);
      invalidate();
    },
  });
  const reactivate = useMutation({
    mutationFn: () => api.team.reactivateMember({ id: member.id }),
    onSuccess: () => {
      toast.success(`${member.name} was reactivated`);
      invalidate();
    },
  });
  const roleBlocked = roleChangeBlocked(me.role, member);
  const removeReason = removeBlocked(me.role, member);
  const error = changeRole.error ?? reactivate.error;
  const reasonId = `role-reason-${member.id}`;
  return (
    <tr>
      <td>
        <div className="cell-main">
          {member.name}
          {isMe && <span className="muted"> (you)</span>}
        </div>
        <div className="cell-sub">{member.email}</div>
        {error && <ProblemAlert error={error} compact />}
      </td>
      <td>
        {canManage && member.status === 'active' ? (
          <>
            <Select<Role>
              aria-label={`Role of ${member.name}`}
              aria-describedby={roleBlocked ? reasonId : undefined}
              size="sm"
              value={member.role}
              disabled={!!roleBlocked || changeRole.isPending}
              onValueChange={(r) => r !== member.role && changeRole.mutate(r)}
              options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r], disabled: r === 'owner' && me.role !== 'owner' }))}
            />
            {roleBlocked && (
              <div id={reasonId} className="cell-sub">
                {roleBlocked}
              </div>
            )}
          </>
        ) : (
          <Badge>{ROLE_LABEL[member.role]}</Badge>
        )}
      </td>
      <td>{formatDate(member.status === 'active' ? member.joinedAt : member.removedAt)}</td>
      <td title={formatDateTime(member.lastActiveAt)}>{relativeTime(member.lastActiveAt)}</td>
      {canManage && (
        <td className="cell-actions">
          {member.status === 'active' ? (
            <>
              <Button
                size="sm"
                variant="ghost"
                disabled={!!removeReason}
                title={removeReason ?? undefined}
                aria-label={`Remove ${member.name}`}
                onClick={() => setConfirmRemove(true)}
              >
                Remove
              </Button>
              {removeReason && <div className="cell-sub">{removeReason}</div>}
            </>
          ) : (
            <Button size="sm" busy={reactivate.isPending} aria-label={`Reactivate ${member.name}`} onClick={() => reactivate.mutate()}>
              Reactivate
            </Button>
          )}
          <ConfirmDialog
            open={confirmRemove}
            onOpenChange={(o) => {
              setConfirmRemove(o);
              if (!o) remove.reset();
            }}
            title={`Remove ${member.name}?`}
            description={`${member.email} loses access to this workspace at once. You can reactivate them later; their role is kept.`}
            confirmLabel="Remove member"
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
          >
            {remove.error && <ProblemAlert error={remove.error} compact />}
          </ConfirmDialog>
        </td>
      )}
    </tr>
  );
}

function Invitations() {
  const [showExpired, setShowExpired] = useState(false);
  const status = showExpired ? 'expired' : 'pending';
  const invitations = usePaged(['invitations', status], (cursor) => api.team.listInvitations({ limit: 50, cursor, status }), {
    pollWhile: (items) => items.some((i) => i.emailStatus === 'pending'),
  });
  return (
    <div className="card">
      <div className="toolbar">
        <label className="toolbar-item">
          <span className="toolbar-label">Show</span>
          <Select<'pending' | 'expired'>
            aria-label="Invitation status"
            size="sm"
            value={status}
            onValueChange={(v) => setShowExpired(v === 'expired')}
            options={[
              { value: 'pending', label: 'Pending' },
              { value: 'expired', label: 'Expired' },
            ]}
          />
        </label>
      </div>
      {invitations.isPending ? (
        <Loading label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />
      ) : invitations.items.length === 0 ? (
        <Empty title={showExpired ? 'No expired invitations' : 'No pending invitations'}>
          {!showExpired && 'Invite a teammate with the "Invite member" button.'}
        </Empty>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" aria-label={`${showExpired ? 'Expired' : 'Pending'} invitations`}>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Invited by</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.items.map((i) => (
                  <InvitationRow key={i.id} invitation={i} />
                ))}
              </tbody>
            </table>
          </div>
          {invitations.hasNextPage && (
            <div className="table-more">
              <Button size="sm" busy={invitations.isFetchingNextPage} onClick={() => invitations.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

const EMAIL_STATUS: Record<InvitationDto['emailStatus'], { label: string; tone: 'neutral' | 'success' | 'danger' }> = {
  pending: { label: 'Email queued', tone: 'neutral' },
  sent: { label: 'Email sent', tone: 'success' },
  failed: { label: 'Email failed', tone: 'danger' },
};

function InvitationRow({ invitation }: { invitation: InvitationDto }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['invitations'] });
    void qc.invalidateQueries({ queryKey: ['billing', 'usage'] });
  };
  const resend = useMutation({
    mutationFn: () => api.team.resendInvitation({ id: invitation.id }),
    onSuccess: () => {
      toast.success(`A new invitation email is on its way to ${invitation.email}`);
      invalidate();
    },
  });
  const cancel = useMutation({
    mutationFn: () => api.team.cancelInvitation({ id: invitation.id }),
    onSuccess: () => {
      setConfirmCancel(false);
      toast.success(`Invitation for ${invitation.email} cancelled`);
      invalidate();
    },
  });
  const expired = invitation.status === 'expired' || new Date(invitation.expiresAt).getTime() <= Date.now();
  const email = EMAIL_STATUS[invitation.emailStatus];
  return (
    <tr>
      <td>
        <div className="cell-main">{invitation.email}</div>
        <div className="cell-sub">
          <Badge tone={email.tone}>{email.label}</Badge>
        </div>
        {resend.error && <ProblemAlert error={resend.error} compact />}
      </td>
      <td>
        <Badge>{ROLE_LABEL[invitation.role]}</Badge>
      </td>
      <td>{invitation.invitedBy.name}</td>
      <td title={formatDateTime(invitation.expiresAt)}>
        {expired ? (
          <Badge tone="warning">Expired {relativeTime(invitation.expiresAt)}</Badge>
        ) : (
          <>Expires {relativeTime(invitation.expiresAt)}</>
        )}
      </td>
      <td className="cell-actions">
        <Button size="sm" busy={resend.isPending} aria-label={`Resend invitation to ${invitation.email}`} onClick={() => resend.mutate()}>
          Resend
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Cancel invitation to ${invitation.email}`} onClick={() => setConfirmCancel(true)}>
          Cancel
        </Button>
        <ConfirmDialog
          open={confirmCancel}
          onOpenChange={(o) => {
            setConfirmCancel(o);
            if (!o) cancel.reset();
          }}
          title="Cancel this invitation?"
          description={`The link sent to ${invitation.email} stops working at once.`}
          confirmLabel="Cancel invitation"
          busy={cancel.isPending}
          onConfirm={() => cancel.mutate()}
        >
          {cancel.error && <ProblemAlert error={cancel.error} compact />}
        </ConfirmDialog>
      </td>
    </tr>
  );
}

function InviteDialog({ open, onOpenChange, myRole }: { open: boolean; onOpenChange: (o: boolean) => void; myRole: Role }) {
  const qc = useQueryClient();
  const toast = useToast();
  const form = useForm<InviteForm>({ resolver: zodResolver(inviteSchema), defaultValues: { email: '', role: 'member' } });
  const invite = useMutation({
    mutationFn: (v: InviteForm) => api.team.inviteMember({ requestBody: v }),
    onSuccess: (inv) => {
      toast.success(`Invitation sent to ${inv.email}`);
      void qc.invalidateQueries({ queryKey: ['invitations'] });
      void qc.invalidateQueries({ queryKey: ['billing', 'usage'] });
      close(false);
    },
  });
  useServerErrors(invite.error, form.setError);
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      form.reset();
      invite.reset();
    }
  };
  const { errors } = form.formState;
  return (
    <Dialog open={open} onOpenChange={close} title="Invite a member" description="They get an email with a link to join this workspace.">
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => invite.mutate(v))}>
        {invite.error && <ProblemAlert error={invite.error} compact />}
        <TextField label="Email" type="email" autoComplete="off" error={errors.email?.message} {...form.register('email')} />
        <Field label="Role" error={errors.role?.message} hint={myRole === 'owner' ? undefined : 'Only an owner can invite another owner.'}>
          {({ id, describedBy }) => (
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Select<Role>
                  id={id}
                  aria-describedby={describedBy}
                  value={field.value}
                  onValueChange={field.onChange}
                  options={ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r], disabled: r === 'owner' && myRole !== 'owner' }))}
                />
              )}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <Button variant="ghost" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={invite.isPending}>
            Send invitation
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
