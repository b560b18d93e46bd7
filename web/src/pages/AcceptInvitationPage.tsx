import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useParams } from 'react-router';
import type { AcceptedInvitationDto, InvitationPreviewDto } from '@api';
import { api, cancellable, isStatus, problemOf } from '../api/client';
import { useMe, useSession } from '../api/hooks';
import { session } from '../api/session';
import { useServerErrors } from '../components/useServerErrors';
import { Button } from '../components/ui/Button';
import { TextField } from '../components/ui/Field';
import { Badge, Loading, ProblemAlert } from '../components/ui/States';
import { useToast } from '../components/ui/Toast';
import { formatDateTime, relativeTime } from '../lib/format';
import { ROLE_LABEL } from '../lib/roles';
import { acceptSchema, type AcceptForm } from '../lib/schemas';
import { AuthLayout } from './AuthLayout';

export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => cancellable(signal, api.team.getInvitation({ token })),
    retry: false,
  });
  if (preview.isPending)
    return (
      <AuthLayout title="Invitation">
        <Loading label="Loading the invitation…" />
      </AuthLayout>
    );
  if (preview.isError) {
    if (isStatus(preview.error, 404)) {
      return (
        <AuthLayout title="This invitation link is not valid">
          <p>It was already used, cancelled, or replaced by a newer invitation. Ask a workspace admin to send you a new one.</p>
          <p>
            <Link to="/login">Go to sign in</Link>
          </p>
        </AuthLayout>
      );
    }
    if (isStatus(preview.error, 410)) {
      return (
        <AuthLayout title="This invitation has expired">
          <p>{problemOf(preview.error).detail}</p>
          <p>Ask a workspace admin to resend it: you will get a new link by email.</p>
        </AuthLayout>
      );
    }
    return (
      <AuthLayout title="Invitation">
        <ProblemAlert error={preview.error} onRetry={() => preview.refetch()} />
      </AuthLayout>
    );
  }
  return <Invitation token={token} invitation={preview.data} />;
}

function Invitation({ token, invitation }: { token: string; invitation: InvitationPreviewDto }) {
  const signedIn = !!useSession();
  return (
    <AuthLayout title={`Join ${invitation.workspace.name}`}>
      <dl className="invitation-facts">
        <div>
          <dt>Workspace</dt>
          <dd data-testid="invitation-workspace">{invitation.workspace.name}</dd>
        </div>
        <div>
          <dt>Role</dt>
          <dd>
            <Badge tone="info">{ROLE_LABEL[invitation.role]}</Badge>
          </dd>
        </div>
        <div>
          <dt>Invited</dt>
          <dd>{invitation.email}</dd>
        </div>
        <div>
          <dt>Invited by</dt>
          <dd>{invitation.invitedBy.name}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd title={formatDateTime(invitation.expiresAt)}>{relativeTime(invitation.expiresAt)}</dd>
        </div>
      </dl>
      {signedIn ? <JoinAsUser token={token} invitation={invitation} /> : <CreateAccount token={token} invitation={invitation} />}
    </AuthLayout>
  );
}

function useAccepted() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const toast = useToast();
  return (r: AcceptedInvitationDto) => {
    qc.clear();
    session.start(r.accessToken, r.expiresIn);
    toast.success(`Welcome to ${r.workspace.name}`);
    navigate('/dashboard/settings/general', { replace: true });
  };
}

function JoinAsUser({ token, invitation }: { token: string; invitation: InvitationPreviewDto }) {
  const me = useMe();
  const onAccepted = useAccepted();
  const qc = useQueryClient();
  const accept = useMutation({ mutationFn: () => api.team.acceptInvitation({ token, requestBody: {} }), onSuccess: onAccepted });
  if (me.isPending) return <Loading />;
  if (me.isError) return <ProblemAlert error={me.error} />;
  const email = me.data.user?.email ?? '';
  const switchAccount = () => {
    session.clear();
    qc.clear();
  };
  if (email.toLowerCase() !== invitation.email.toLowerCase()) {
    return (
      <div className="stack">
        <p className="alert alert-warning">
          You are signed in as <strong>{email || 'an API key'}</strong>, but this invitation is for <strong>{invitation.email}</strong>.
        </p>
        <Button variant="primary" onClick={switchAccount}>
          Sign out and continue as {invitation.email}
        </Button>
      </div>
    );
  }
  return (
    <div className="stack">
      {accept.error && <ProblemAlert error={accept.error} compact />}
      <p>
        You are signed in as <strong>{email}</strong>.
      </p>
      <Button variant="primary" busy={accept.isPending} onClick={() => accept.mutate()}>
        Join {invitation.workspace.name}
      </Button>
    </div>
  );
}

function CreateAccount({ token, invitation }: { token: string; invitation: InvitationPreviewDto }) {
  const form = useForm<AcceptForm>({ resolver: zodResolver(acceptSchema), defaultValues: { name: '', password: '' } });
  const onAccepted = useAccepted();
  const accept = useMutation({
    mutationFn: (v: AcceptForm) => api.team.acceptInvitation({ token, requestBody: v }),
    onSuccess: onAccepted,
  });
  useServerErrors(accept.error, form.setError);
  const next = encodeURIComponent(`/invitations/${token}/accept`);
  const { errors } = form.formState;
  return (
    <>
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => accept.mutate(v))}>
        {accept.error && <ProblemAlert error={accept.error} compact />}
        {isStatus(accept.error, 409) && (
          <p>
            <Link to={`/login?next=${next}`}>Sign in as {invitation.email}</Link> to accept this invitation.
          </p>
        )}
        <TextField label="Email" value={invitation.email} readOnly disabled hint="The invitation is for this address." />
        <TextField label="Your name" autoComplete="name" error={errors.name?.message} {...form.register('name')} />
        <TextField
          label="Choose a password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          error={errors.password?.message}
          {...form.register('password')}
        />
        <Button type="submit" variant="primary" busy={accept.isPending}>
          Create account and join
        </Button>
      </form>
      <p className="muted auth-switch">
        Already have an account? <Link to={`/login?next=${next}`}>Sign in to accept</Link>
      </p>
    </>
  );
}
