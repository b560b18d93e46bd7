import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { ApiKeyDto, ApiKeyScope, CreatedApiKeyDto, Role } from '@api';
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
import { apiKeySchema, KEY_EXPIRY_PRESETS, type ApiKeyForm } from '../../lib/schemas';
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
              <th scope="col">Scope</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
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

const SCOPE_LABEL: Record<ApiKeyScope, string> = { full: 'Full API', ingest: 'Ingest only' };

/** The Expires cell: never / a date / expired, and for a rotated key the end of its grace period. */
function ExpiryCell({ apiKey, now }: { apiKey: ApiKeyDto; now: number }) {
  if (apiKey.graceEndsAt) {
    return (
      <td title={formatDateTime(apiKey.graceEndsAt)}>
        <Badge tone="warning">Rotated</Badge>
        <div className="cell-sub">works until {formatDateTime(apiKey.graceEndsAt)}</div>
      </td>
    );
  }
  if (!apiKey.expiresAt) return <td className="muted">Never</td>;
  const expired = Date.parse(apiKey.expiresAt) <= now;
  return (
    <td title={formatDateTime(apiKey.expiresAt)}>
      {expired ? <Badge tone="danger">Expired</Badge> : formatDate(apiKey.expiresAt)}
      {expired && <div className="cell-sub">{formatDateTime(apiKey.expiresAt)}</div>}
    </td>
  );
}

function KeyRow({ apiKey }: { apiKey: ApiKeyDto }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const [rotating, setRotating] = useState(false);
  const now = Date.now();
  const canRotate = !apiKey.graceEndsAt && !(apiKey.expiresAt && Date.parse(apiKey.expiresAt) <= now);
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
      <td>
        <Badge tone={apiKey.scope === 'ingest' ? 'info' : 'neutral'}>{SCOPE_LABEL[apiKey.scope]}</Badge>
      </td>
      <td title={formatDateTime(apiKey.createdAt)}>{formatDate(apiKey.createdAt)}</td>
      <ExpiryCell apiKey={apiKey} now={now} />
      <td title={formatDateTime(apiKey.lastUsedAt)}>{relativeTime(apiKey.lastUsedAt)}</td>
      <td className="cell-actions">
        {canRotate && (
          <Button size="sm" variant="ghost" aria-label={`Rotate ${apiKey.name}`} onClick={() => setRotating(true)}>
            Rotate
          </Button>
        )}
        <RotateKeyDialog apiKey={apiKey} open={rotating} onOpenChange={setRotating} />
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
  const form = useForm<ApiKeyForm>({
    resolver: zodResolver(apiKeySchema),
    defaultValues: { name: '', role: 'member', scope: 'full', expiry: 'never' },
  });
  const scope = form.watch('scope');
  const create = useMutation({
    mutationFn: (v: ApiKeyForm) =>
      api.apiKeys.createApiKey({
        requestBody: {
          name: v.name,
          role: v.scope === 'ingest' ? 'member' : v.role,
          scope: v.scope,
          ...(v.expiry === 'never' ? {} : { expiresAt: new Date(Date.now() + Number(v.expiry) * 86_400_000).toISOString() }),
        },
      }),
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
        {created.expiresAt && <p className="muted">It expires on {formatDateTime(created.expiresAt)}.</p>}
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
        <Field
          label="Scope"
          hint={
            scope === 'ingest'
              ? 'Only sends traces (POST /api/v1/ingest and OTLP); every other call is refused.'
              : 'The whole API, within its role.'
          }
          error={errors.scope?.message}
        >
          {({ id, describedBy }) => (
            <Controller
              control={form.control}
              name="scope"
              render={({ field }) => (
                <Select<ApiKeyScope>
                  id={id}
                  aria-describedby={describedBy}
                  value={field.value}
                  onValueChange={field.onChange}
                  options={[
                    { value: 'full', label: SCOPE_LABEL.full },
                    { value: 'ingest', label: 'Ingest only (for CI and agents)' },
                  ]}
                />
              )}
            />
          )}
        </Field>
        <Field
          label="Role"
          hint={scope === 'ingest' ? 'An ingest-only key has the Member role.' : 'What the key may do. It cannot exceed your own role.'}
          error={errors.role?.message}
        >
          {({ id, describedBy }) => (
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Select<Role>
                  id={id}
                  aria-describedby={describedBy}
                  value={scope === 'ingest' ? 'member' : field.value}
                  onValueChange={field.onChange}
                  disabled={scope === 'ingest'}
                  options={rolesUpTo(myRole).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
                />
              )}
            />
          )}
        </Field>
        <Field label="Expires" hint="After this the key answers 401." error={errors.expiry?.message}>
          {({ id, describedBy }) => (
            <Controller
              control={form.control}
              name="expiry"
              render={({ field }) => (
                <Select<(typeof KEY_EXPIRY_PRESETS)[number]>
                  id={id}
                  aria-describedby={describedBy}
                  value={field.value}
                  onValueChange={field.onChange}
                  options={KEY_EXPIRY_PRESETS.map((p) => ({ value: p, label: EXPIRY_LABEL[p] }))}
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

const EXPIRY_LABEL: Record<(typeof KEY_EXPIRY_PRESETS)[number], string> = {
  never: 'Never',
  '7': 'In 7 days',
  '30': 'In 30 days',
  '90': 'In 90 days',
  '365': 'In 1 year',
};

const GRACE_PRESETS = ['0', '300', '3600', '86400'] as const;
type GracePreset = (typeof GRACE_PRESETS)[number];
const GRACE_LABEL: Record<GracePreset, string> = {
  '0': 'Stop it now',
  '300': '5 minutes',
  '3600': '1 hour',
  '86400': '24 hours',
};

/**
 * Rotation: pick how long the old key keeps working, get the new secret once, and see when the old key stops
 * (its `graceEndsAt`, read back from the list).
 */
function RotateKeyDialog({ apiKey, open, onOpenChange }: { apiKey: ApiKeyDto; open: boolean; onOpenChange: (o: boolean) => void }) {
  const qc = useQueryClient();
  const [grace, setGrace] = useState<GracePreset>('3600');
  const [rotated, setRotated] = useState<{ created: CreatedApiKeyDto; graceEndsAt: string | null } | null>(null);
  const rotate = useMutation({
    mutationFn: async () => {
      const created = await api.apiKeys.rotateApiKey({ id: apiKey.id, requestBody: { gracePeriodSeconds: Number(grace) } });
      // the old key's grace end as the server set it (it leaves the list at once when the grace is 0)
      const list = await api.apiKeys.listApiKeys({ limit: 100 }).catch(() => null);
      const old = list?.data.find((k) => k.id === apiKey.id);
      return { created, graceEndsAt: old?.graceEndsAt ?? null };
    },
    onSuccess: (r) => {
      setRotated(r);
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      setRotated(null); // the secret is dropped from memory
      setGrace('3600');
      rotate.reset();
    }
  };
  if (rotated) {
    return (
      <Dialog
        open={open}
        onOpenChange={close}
        title="Copy the new API key"
        modalLocked
        description="This is the only time the new secret is shown. Deploy it, then let the old key run out."
      >
        <SecretReveal label={`New secret of "${rotated.created.name}"`} value={rotated.created.key} />
        <Notice tone="warning">
          {rotated.graceEndsAt ? (
            <span>
              The old key <code>{apiKey.prefix}…</code> keeps working until{' '}
              <strong data-testid="grace-ends-at">{formatDateTime(rotated.graceEndsAt)}</strong>, then stops.
            </span>
          ) : (
            <span>
              The old key <code>{apiKey.prefix}…</code> has stopped working.
            </span>
          )}
        </Notice>
        <div className="dialog-actions">
          <Button variant="primary" onClick={() => close(false)}>
            I have stored the key
          </Button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog open={open} onOpenChange={close} title={`Rotate "${apiKey.name}"`}>
      <div className="form">
        <p className="muted">
          A new key replaces <code>{apiKey.prefix}…</code> with the same name, role, scope and expiry. The old key keeps working for the
          grace period, so you can deploy the new one without dropping a span.
        </p>
        {rotate.error && <ProblemAlert error={rotate.error} compact />}
        <Field label="Old key keeps working for">
          {({ id, describedBy }) => (
            <Select<GracePreset>
              id={id}
              aria-describedby={describedBy}
              value={grace}
              onValueChange={setGrace}
              options={GRACE_PRESETS.map((g) => ({ value: g, label: GRACE_LABEL[g] }))}
            />
          )}
        </Field>
        <div className="dialog-actions">
          <Button variant="ghost" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button variant="primary" busy={rotate.isPending} onClick={() => rotate.mutate()}>
            Rotate key
          </Button>
        </div>
      </div>
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
