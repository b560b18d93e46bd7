import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import type { IntegrationDeliveryDto, IntegrationType, TestIntegrationResultDto } from '@api';
import { api, cancellable } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { useServerErrors } from '../../components/useServerErrors';
import { Button } from '../../components/ui/Button';
import { Dialog } from '../../components/ui/Dialog';
import { Field, TextField } from '../../components/ui/Field';
import { Select } from '../../components/ui/Select';
import { Badge, Empty, ErrorState, Loading, Notice, ProblemAlert } from '../../components/ui/States';
import { Switch } from '../../components/ui/Switch';
import { useToast } from '../../components/ui/Toast';
import { cap, formatDateTime, relativeTime } from '../../lib/format';
import {
  defaultsFor,
  EVENT_LABEL,
  EVENT_TYPES,
  INTEGRATION_TYPES,
  schemaFor,
  statusOf,
  toPutBody,
  type FieldDef,
  type FormValues,
  type Integration,
} from '../../lib/integrations';
import { atLeast, needsRole } from '../../lib/roles';
import { SecretReveal } from './ApiKeysTab';
import type { TabProps } from './SettingsPage';

const HEALTH_TONE = { unknown: 'neutral', healthy: 'success', failing: 'danger' } as const;

export function IntegrationsTab({ me }: TabProps) {
  const list = useQuery({ queryKey: ['integrations'], queryFn: ({ signal }) => cancellable(signal, api.integrations.listIntegrations()) });
  const canManage = atLeast(me.role, 'admin');
  return (
    <section className="section" aria-labelledby="integrations-heading">
      <div className="section-head">
        <div>
          <h2 id="integrations-heading">Integrations</h2>
          <p className="muted">
            Where alerts go: trace errors, usage thresholds and test events. Secrets are encrypted and only ever shown masked.
          </p>
        </div>
      </div>
      {!canManage && <Notice>{needsRole(me.role, 'admin', 'configure, test or enable integrations and see their delivery logs')}</Notice>}
      {list.isPending ? (
        <Loading label="Loading integrations…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div className="integration-grid">
          {list.data.data.map((i) => (
            <IntegrationCard key={i.type} integration={i} canManage={canManage} />
          ))}
        </div>
      )}
    </section>
  );
}

function IntegrationCard({ integration: i, canManage }: { integration: Integration; canManage: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const info = INTEGRATION_TYPES[i.type];
  const status = statusOf(i);
  const [configOpen, setConfigOpen] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const [testResult, setTestResult] = useState<TestIntegrationResultDto | null>(null);
  // A generated webhook signing secret, shown once; held here because saving remounts the dialog.
  const [secret, setSecret] = useState<string | null>(null);
  const invalidate = () => {
    void qc.invalidateQueries({ queryKey: ['integrations'] });
    void qc.invalidateQueries({ queryKey: ['billing', 'usage'] });
  };
  const test = useMutation({
    mutationFn: () => api.integrations.testIntegration({ type: i.type }),
    onMutate: () => setTestResult(null),
    onSuccess: (r) => {
      setTestResult(r);
      invalidate();
      void qc.invalidateQueries({ queryKey: ['deliveries', i.type] });
    },
  });
  const toggle = useMutation({
    mutationFn: async (enable: boolean) => {
      if (enable) await api.integrations.enableIntegration({ type: i.type });
      else await api.integrations.deleteIntegration({ type: i.type });
    },
    onSuccess: (_r, enable) => {
      toast.success(`${i.name} ${enable ? 'enabled' : 'disabled'}`);
      invalidate();
    },
  });
  const switchId = useId();
  const headingId = `integration-${i.type}`;
  return (
    <article className="card integration-card" aria-labelledby={headingId} data-testid={`integration-${i.type}`}>
      <div className="integration-head">
        <div>
          <h3 id={headingId} className="card-title">
            {info.label}
          </h3>
          {i.configured && i.name !== info.label && <div className="cell-sub">{i.name}</div>}
        </div>
        <span data-testid="integration-status">
          <Badge tone={status.tone}>{status.label}</Badge>
        </span>
      </div>
      <p className="muted">{info.description}</p>
      {i.configured && (
        <>
          <dl className="facts facts-compact">
            <Summary integration={i} />
            <div>
              <dt>Health</dt>
              <dd>
                <Badge tone={HEALTH_TONE[i.health.status]}>{cap(i.health.status)}</Badge>
                {i.health.lastCheckedAt && (
                  <span className="muted" title={formatDateTime(i.health.lastCheckedAt)}>
                    {' '}
                    checked {relativeTime(i.health.lastCheckedAt)}
                  </span>
                )}
              </dd>
            </div>
            {i.health.lastError && (
              <div>
                <dt>Last error</dt>
                <dd className="text-danger">
                  {i.health.lastError}
                  {i.health.consecutiveFailures > 1 && ` (${i.health.consecutiveFailures} failures in a row)`}
                </dd>
              </div>
            )}
            {i.health.lastSuccessAt && (
              <div>
                <dt>Last success</dt>
                <dd title={formatDateTime(i.health.lastSuccessAt)}>{relativeTime(i.health.lastSuccessAt)}</dd>
              </div>
            )}
          </dl>
          {i.autoDisabled && (
            <Notice tone="warning">
              Disabled after 5 failed health checks in a row. Fix the configuration, test it, then enable it again.
            </Notice>
          )}
        </>
      )}
      {testResult && (
        <div className={`alert ${testResult.ok ? 'alert-success' : 'alert-error'} alert-compact`} role="status" data-testid="test-result">
          {testResult.ok ? (
            <>
              Connection works: {testResult.statusCode ? `HTTP ${testResult.statusCode}, ` : ''}
              {testResult.latencyMs} ms.
            </>
          ) : (
            <>
              Test failed: {testResult.error ?? 'no reason given'}
              {testResult.statusCode ? ` (HTTP ${testResult.statusCode})` : ''}, after {testResult.latencyMs} ms.
            </>
          )}
        </div>
      )}
      {(test.error || toggle.error) && <ProblemAlert error={test.error ?? toggle.error} compact />}
      {canManage && (
        <div className="integration-actions">
          <Button size="sm" variant={i.configured ? 'secondary' : 'primary'} onClick={() => setConfigOpen(true)}>
            {i.configured ? 'Configure' : 'Set up'}
          </Button>
          {i.configured && (
            <>
              <Button size="sm" busy={test.isPending} onClick={() => test.mutate()}>
                Test connection
              </Button>
              <div className="switch-row">
                <Switch id={switchId} checked={i.enabled} disabled={toggle.isPending} onCheckedChange={(v) => toggle.mutate(v)} />
                <label htmlFor={switchId}>Enabled</label>
              </div>
              <Button size="sm" variant="ghost" aria-expanded={showLog} onClick={() => setShowLog((s) => !s)}>
                {showLog ? 'Hide delivery log' : 'Delivery log'}
              </Button>
            </>
          )}
        </div>
      )}
      {showLog && <DeliveryLog type={i.type} />}
      {canManage && (
        <ConfigureDialog
          key={`${i.type}:${i.updatedAt}`}
          integration={i}
          open={configOpen && !secret}
          onOpenChange={setConfigOpen}
          onSecret={(s) => {
            setSecret(s);
            setConfigOpen(false);
          }}
        />
      )}
      {secret && (
        <Dialog
          open
          onOpenChange={(o) => {
            if (!o) setSecret(null);
          }}
          title="Copy the signing secret"
          modalLocked
          description="Verify the webhook-signature header of each request with this secret (Standard Webhooks). It is shown only this once."
        >
          <SecretReveal label="Signing secret" value={secret} />
          <Notice tone="warning">You will not see this secret again. To replace it, configure the webhook with a new secret.</Notice>
          <div className="dialog-actions">
            <Button variant="primary" onClick={() => setSecret(null)}>
              I have stored the secret
            </Button>
          </div>
        </Dialog>
      )}
    </article>
  );
}

function Summary({ integration: i }: { integration: Integration }) {
  const config = (i.config ?? {}) as Record<string, unknown>;
  const creds = (i.credentials ?? {}) as Record<string, unknown>;
  const rows: [string, string][] = [];
  for (const f of INTEGRATION_TYPES[i.type].fields) {
    const key = f.key === 'secretHeaders' ? 'headers' : f.key;
    const v = f.group === 'config' ? config[key] : creds[key];
    if (v === undefined || v === null || v === '') continue;
    if (f.kind === 'events') rows.push([f.label, (v as string[]).length ? (v as string[]).join(', ') : 'all']);
    else if (typeof v === 'object') {
      const names = Object.entries(v as Record<string, string>);
      if (names.length) rows.push([f.label, names.map(([k, x]) => `${k}: ${x}`).join('; ')]);
    } else rows.push([f.label, String(v)]);
  }
  return (
    <>
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd className="mono-soft">{v}</dd>
        </div>
      ))}
    </>
  );
}

function ConfigureDialog({
  integration: i,
  open,
  onOpenChange,
  onSecret,
}: {
  integration: Integration;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onSecret: (secret: string) => void;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  const info = INTEGRATION_TYPES[i.type];
  const form = useForm<FormValues>({
    resolver: zodResolver(schemaFor(i.type, i.configured)) as unknown as Resolver<FormValues>,
    defaultValues: defaultsFor(i),
  });
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      api.integrations.putIntegration({ type: i.type, requestBody: toPutBody(i.type, v, i.configured) as never }),
    onSuccess: (saved) => {
      qc.setQueryData<{ data: Integration[] }>(
        ['integrations'],
        (old) =>
          old && { data: old.data.map((x) => (x.type === saved.type ? ({ ...saved, signingSecret: undefined } as Integration) : x)) },
      );
      void qc.invalidateQueries({ queryKey: ['integrations'] });
      void qc.invalidateQueries({ queryKey: ['billing', 'usage'] });
      toast.success(`${info.label} saved`);
      if (saved.type === 'webhook' && saved.signingSecret) onSecret(saved.signingSecret);
      else close(false);
    },
  });
  useServerErrors(save.error, form.setError, { 'credentials.headers': 'secretHeaders', 'config.headers': 'headers' });
  const close = (o: boolean) => {
    onOpenChange(o);
    if (!o) {
      save.reset();
      form.reset(defaultsFor(i));
    }
  };
  const errors = form.formState.errors;
  const err = (k: string) => errors[k]?.message as string | undefined;
  return (
    <Dialog
      open={open}
      onOpenChange={close}
      title={`${i.configured ? 'Configure' : 'Set up'} ${info.label}`}
      description={info.description}
    >
      <form className="form" noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))}>
        {save.error && <ProblemAlert error={save.error} compact />}
        <TextField label="Name" maxLength={100} error={err('name')} {...form.register('name')} />
        {info.fields.map((f) => (
          <IntegrationField key={f.key} field={f} form={form} integration={i} error={err(f.key)} />
        ))}
        <div className="dialog-actions">
          <Button variant="ghost" onClick={() => close(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function IntegrationField({
  field: f,
  form,
  integration: i,
  error,
}: {
  field: FieldDef;
  form: ReturnType<typeof useForm<FormValues>>;
  integration: Integration;
  error?: string;
}) {
  const creds = (i.credentials ?? {}) as Record<string, unknown>;
  if (f.kind === 'select') {
    return (
      <Field label={f.label} error={error} hint={f.hint}>
        {({ id, describedBy }) => (
          <Controller
            control={form.control}
            name={f.key}
            render={({ field }) => (
              <Select<string>
                id={id}
                aria-describedby={describedBy}
                value={field.value as string}
                onValueChange={field.onChange}
                options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
              />
            )}
          />
        )}
      </Field>
    );
  }
  if (f.kind === 'events') {
    return (
      <fieldset className="field">
        <legend className="field-label">{f.label}</legend>
        <Controller
          control={form.control}
          name={f.key}
          render={({ field }) => {
            const value = (field.value as string[]) ?? [];
            return (
              <div className="checks">
                {EVENT_TYPES.map((e) => (
                  <label key={e} className="check">
                    <input
                      type="checkbox"
                      checked={value.includes(e)}
                      onChange={(ev) => field.onChange(ev.target.checked ? [...value, e] : value.filter((x) => x !== e))}
                    />
                    <span>
                      <code>{e}</code> {EVENT_LABEL[e]}
                    </span>
                  </label>
                ))}
              </div>
            );
          }}
        />
        {f.hint && <p className="field-hint">{f.hint}</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </fieldset>
    );
  }
  if (f.kind === 'headers') {
    const masked = f.group === 'credentials' ? Object.keys((creds.headers as Record<string, string> | undefined) ?? {}) : [];
    const hint = masked.length ? `${f.hint} Stored: ${masked.join(', ')} (leave blank to keep them).` : f.hint;
    return (
      <Field label={f.label} error={error} hint={hint}>
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            className="input mono"
            rows={3}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            spellCheck={false}
            autoComplete="off"
            placeholder="X-Team: ml-platform"
            {...form.register(f.key)}
          />
        )}
      </Field>
    );
  }
  const stored = f.kind === 'secret' ? (creds[f.key] as string | undefined) : undefined;
  return (
    <TextField
      label={f.label}
      type={f.kind === 'secret' ? 'password' : 'text'}
      autoComplete={f.kind === 'secret' ? 'new-password' : 'off'}
      spellCheck={false}
      maxLength={f.maxLength}
      placeholder={stored ? `${stored} (stored; leave blank to keep)` : f.placeholder}
      hint={stored ? `Stored value ends in ${stored.replace(/^•+/, '')}. Type a new one to replace it.` : f.hint}
      error={error}
      {...form.register(f.key)}
    />
  );
}

const DELIVERY_TONE = { pending: 'neutral', delivered: 'success', failed: 'danger' } as const;

function DeliveryLog({ type }: { type: IntegrationType }) {
  // Pending deliveries are being retried by the worker: refresh until they settle.
  const log = usePaged<IntegrationDeliveryDto>(
    ['deliveries', type],
    (cursor) => api.integrations.listIntegrationDeliveries({ type, limit: 20, cursor }),
    { pollWhile: (items) => items.some((d) => d.status === 'pending') },
  );
  return (
    <div className="delivery-log">
      <div className="toolbar">
        <h4 className="subhead">Delivery log</h4>
        <Button size="sm" variant="ghost" busy={log.isRefetching} onClick={() => log.refetch()}>
          Refresh
        </Button>
      </div>
      {log.isPending ? (
        <Loading label="Loading deliveries…" />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => log.refetch()} />
      ) : log.items.length === 0 ? (
        <Empty title="No deliveries yet">Send a test event to see one here.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table-compact" aria-label={`Deliveries of ${INTEGRATION_TYPES[type].label}`}>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <code>{d.eventType}</code>
                  </td>
                  <td>
                    <Badge tone={DELIVERY_TONE[d.status]}>{cap(d.status)}</Badge>
                    {d.attempts > 1 && <span className="cell-sub"> {d.attempts} attempts</span>}
                  </td>
                  <td>
                    {d.responseStatus ? `HTTP ${d.responseStatus}` : '—'}
                    {d.latencyMs !== null && <span className="muted"> · {d.latencyMs} ms</span>}
                    {d.lastError && <div className="cell-sub text-danger">{d.lastError}</div>}
                  </td>
                  <td title={formatDateTime(d.createdAt)}>{relativeTime(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.hasNextPage && (
            <div className="table-more">
              <Button size="sm" busy={log.isFetchingNextPage} onClick={() => log.fetchNextPage()}>
                Load more
              </Button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
