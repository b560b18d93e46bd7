import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { ApiKeyDto, CreatedApiKeyDto, Role } from '@api';
import { api } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { useServerErrors } from '../../components/useServerErrors';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';
import { ConfirmDialog, Dialog } from '../../components/ui/Dialog';
import { Field, TextField } from '../../components/ui/Field';
import { Select } from '../../components/ui/Select';
import { Badge, Empty, ErrorState, Loading, Notice, ProblemAlert } from '../../components/ui/States';
import { useToast } from '../../components/ui/Toast';
import { formatDate, formatDateTime, relativeTime } from '../../lib/format';
import { atLeast, needsRole, ROLE_LABEL, rolesUpTo } from '../../lib/roles';
import { apiKeySchema, type ApiKeyForm } from '../../lib/schemas';
import type { TabProps } from './SettingsPage';

export function ApiKeysTab({ me }: TabProps) {
  const [createOpen, setCreateOpen] = useState(false);
  const allowed = atLeast(me.role, 'admin');
  return (
    <section aria-labelledby="keys-heading" className="section">
      <div className="section-head">
        <div>
          <h2 id="keys-heading">API keys</h2>
          <p className="muted">
            Keys let SDKs and scripts send traces and call the API as this workspace. Send them as{' '}
            <code>Authorization: Bearer ao_sk_…</code>.
          </p>
        </div>
        {allowed && (
          <Button variant="primary" onClick={() => setCreateOpen(true)}>
            Create API key
          </Button>
        )}
      </div>
      {allowed ? <KeyList /> : <Notice>{needsRole(me.role, 'admin', 'see and manage API keys')}</Notice>}
      {allowed && <CreateKeyDialog open={createOpen} onOpenChange={setCreateOpen} myRole={me.role} />}
    </section>
  );
}

function KeyList() {
  const keys = usePaged(['api-keys'], (cursor) => api.apiKeys.listApiKeys({ limit: 50, cursor }));
  if (keys.isPending) return <Loading label="Loading API keys…" />;
  if (keys.isError) return <ErrorState error={keys.error} onRetry={() => keys.refetch()} />;
  if (keys.items.length === 0)
    return (
      <div className="card">
        <Empty title="No API keys yet">Create one to send traces from your agents.</Empty>
      </div>
    );
  return (
    <div className="card">
      <div className="table-wrap">
        <table className="table" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Role</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.items.map((k) => (
              <KeyRow key={k.id} apiKey={k} />
            ))}
          </tbody>
        </table>
      </div>
      {keys.hasNextPage && (
        <div className="table-more">
          <Button size="sm" busy={keys.isFetchingNextPage} onClick={() => keys.fetchNextPage()}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKeyDto }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const revoke = useMutation({
    mutationFn: () => api.apiKeys.revokeApiKey({ id: apiKey.id }),
    onSuccess: () => {
      setConfirm(false);
      toast.success(`API key "${apiKey.name}" revoked`);
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  return (
    <tr>
      <td>
        <div className="cell-main">{apiKey.name}</div>
        <div className="cell-sub">{apiKey.createdBy ? `by ${apiKey.createdBy.name}` : 'created with an API key'}</div>
      </td>
      <td>
        <code className="mono">{apiKey.prefix}…</code>
      </td>
      <td>
        <Badge>{ROLE_LABEL[apiKey.role]}</Badge>
      </td>
      <td title={formatDateTime(apiKey.createdAt)}>{formatDate(apiKey.createdAt)}</td>
      <td title={formatDateTime(apiKey.lastUsedAt)}>{relativeTime(apiKey.lastUsedAt)}</td>
      <td className="cell-actions">
        <Button size="sm" variant="ghost" aria-label={`Revoke ${apiKey.name}`} onClick={() => setConfirm(true)}>
          Revoke
        </Button>
        <ConfirmDialog
          open={confirm}
          onOpenChange={(o) => {
            setConfirm(o);
            if (!o) revoke.reset();
          }}
          title={`Revoke "${apiKey.name}"?`}
          description={
            <>
              Anything using <code>{apiKey.prefix}…</code> stops working at once. This cannot be undone.
            </>
          }
          confirmLabel="Revoke key"
          busy={revoke.isPending}
          onConfirm={() => revoke.mutate()}
        >
          {revoke.error && <ProblemAlert error={revoke.error} compact />}
        </ConfirmDialog>
      </td>
    </tr>
  );
}

function CreateKeyDialog({ open, onOpenChange, myRole }: { open: boolean; onOpenChange: (o: boolean) => void; myRole: Role }) {
  const qc = useQueryClient();
  const [created, setCreated] = useState<CreatedApiKeyDto | null>(null);
  const form = useForm<ApiKeyForm>({ resolver: zodResolver(apiKeySchema), defaultValues: { name: '', role: 'member' } });
  const create = useMutation({
    mutationFn: (v: ApiKeyForm) => api.apiKeys.createApiKey({ requestBody: v }),
    onSuccess: (k) => {
      setCreated(k);
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  useServerErrors(create.error, form.setError);
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      // The secret is dropped from memory when the dialog closes: it is never shown again.
      setCreated(null);
      form.reset();
      create.reset();
    }
  };
  const { errors } = form.formState;
  if (created) {
    return (
      <Dialog
        open={open}
        onOpenChange={close}
        title="Copy your new API key"
        modalLocked
        description="This is the only time the secret is shown. Store it somewhere safe, such as your secret manager."
      >
        <SecretReveal label={`Secret of "${created.name}"`} value={created.key} />
        <Notice tone="warning">You will not be able to see this key again. If you lose it, revoke it and create a new one.</Notice>
        <div className="dialog-actions">
          <Button variant="primary" onClick={() => close(false)}>
            I have stored the key
          </Button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open={open} onOpenChange={close} title="Create an API key">
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        {create.error && <ProblemAlert error={create.error} compact />}
        <TextField
          label="Name"
          placeholder="e.g. production agents"
          error={errors.name?.message}
          maxLength={100}
          {...form.register('name')}
        />
        <Field label="Role" hint="What the key may do. It cannot exceed your own role." error={errors.role?.message}>
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
                  options={rolesUpTo(myRole).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
                />
              )}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <Button variant="ghost" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create key
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** A read-only, selectable secret with a copy button. */
export function SecretReveal({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div className="secret">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <div className="secret-row">
        <input id={id} className="input mono" readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-testid="secret-value" />
        <CopyButton value={value} targetId={id} />
      </div>
    </div>
  );
}
