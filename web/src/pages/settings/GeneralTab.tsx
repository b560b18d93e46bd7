import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { UpdateWorkspaceDto, WorkspaceDto } from '@api';
import { api, cancellable } from '../../api/client';
import { useWorkspace } from '../../api/hooks';
import { TimezoneCombobox } from '../../components/TimezoneCombobox';
import { useServerErrors } from '../../components/useServerErrors';
import { Button } from '../../components/ui/Button';
import { Field, TextField } from '../../components/ui/Field';
import { ErrorState, Loading, Notice, ProblemAlert } from '../../components/ui/States';
import { Switch } from '../../components/ui/Switch';
import { useToast } from '../../components/ui/Toast';
import { formatDateTime } from '../../lib/format';
import { atLeast, needsRole } from '../../lib/roles';
import { workspaceSchema, type WorkspaceForm } from '../../lib/schemas';
import type { TabProps } from './SettingsPage';

const toForm = (w: WorkspaceDto): WorkspaceForm => ({
  name: w.name,
  slug: w.slug,
  timezone: w.timezone,
  retentionDays: w.settings.retentionDays,
  piiMasking: w.settings.piiMasking,
  samplingRate: w.settings.samplingRate,
});

/** Only what changed (the API takes a partial update; an unchanged slug is not re-checked). */
export function changes(before: WorkspaceForm, after: WorkspaceForm): UpdateWorkspaceDto {
  const body: UpdateWorkspaceDto = {};
  if (after.name !== before.name) body.name = after.name;
  if (after.slug !== before.slug) body.slug = after.slug;
  if (after.timezone !== before.timezone) body.timezone = after.timezone;
  const settings: NonNullable<UpdateWorkspaceDto['settings']> = {};
  if (after.retentionDays !== before.retentionDays) settings.retentionDays = after.retentionDays;
  if (after.piiMasking !== before.piiMasking) settings.piiMasking = after.piiMasking;
  if (after.samplingRate !== before.samplingRate) settings.samplingRate = after.samplingRate;
  if (Object.keys(settings).length) body.settings = settings;
  return body;
}

export function GeneralTab({ me }: TabProps) {
  const workspace = useWorkspace();
  if (workspace.isPending) return <Loading label="Loading workspace settings…" />;
  if (workspace.isError) return <ErrorState error={workspace.error} onRetry={() => workspace.refetch()} />;
  return <GeneralForm workspace={workspace.data} me={me} />;
}

function GeneralForm({ workspace, me }: { workspace: WorkspaceDto } & TabProps) {
  const qc = useQueryClient();
  const toast = useToast();
  const readOnlyReason = needsRole(me.role, 'admin', 'change workspace settings');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const form = useForm<WorkspaceForm>({ resolver: zodResolver(workspaceSchema), defaultValues: toForm(workspace), mode: 'onTouched' });
  const { errors, isDirty } = form.formState;
  // Retention is capped by the plan; admins can read the plan's limit.
  const billing = useQuery({
    queryKey: ['billing', 'config'],
    queryFn: ({ signal }) => cancellable(signal, api.billing.getBillingConfig()),
    enabled: atLeast(me.role, 'admin'),
  });
  const planRetention = billing.data?.limits.retentionDays;

  const save = useMutation({
    mutationFn: (body: UpdateWorkspaceDto) => api.workspace.updateWorkspace({ requestBody: body }),
    // Optimistic: the new values show at once (header included); rolled back if the API refuses them.
    onMutate: async (body) => {
      setSavedAt(null);
      await qc.cancelQueries({ queryKey: ['workspace'] });
      const previous = qc.getQueryData<WorkspaceDto>(['workspace']);
      if (previous) {
        qc.setQueryData<WorkspaceDto>(['workspace'], {
          ...previous,
          ...body,
          settings: { ...previous.settings, ...body.settings },
        } as WorkspaceDto);
      }
      return { previous };
    },
    onError: (_e, _body, ctx) => {
      if (ctx?.previous) qc.setQueryData(['workspace'], ctx.previous);
    },
    onSuccess: (saved) => {
      qc.setQueryData(['workspace'], saved);
      form.reset(toForm(saved));
      setSavedAt(saved.updatedAt);
      toast.success('Workspace settings saved');
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
  useServerErrors(save.error, form.setError);

  // Another tab or person changed the workspace: take the new state unless the form has unsaved edits.
  useEffect(() => {
    if (!form.formState.isDirty && !save.isPending) form.reset(toForm(workspace));
  }, [workspace, form, save.isPending]);

  const onSubmit = form.handleSubmit((values) => {
    const body = changes(toForm(workspace), values);
    if (Object.keys(body).length === 0) return;
    save.mutate(body);
  });

  return (
    <section aria-labelledby="general-heading" className="section">
      <div className="section-head">
        <div>
          <h2 id="general-heading">General</h2>
          <p className="muted">Your workspace's identity and how incoming traces are handled.</p>
        </div>
      </div>
      {readOnlyReason && <Notice>{readOnlyReason}</Notice>}
      <form className="card form" noValidate onSubmit={onSubmit} aria-busy={save.isPending}>
        <fieldset disabled={!!readOnlyReason} className="fieldset">
          <legend className="sr-only">Workspace</legend>
          <div className="grid-2">
            <TextField label="Workspace name" error={errors.name?.message} maxLength={100} {...form.register('name')} />
            <TextField
              label="Slug"
              error={errors.slug?.message}
              hint="Lower-case letters, digits and hyphens; unique across all workspaces."
              maxLength={63}
              spellCheck={false}
              {...form.register('slug')}
            />
          </div>
          <Field label="Time zone" error={errors.timezone?.message} hint="Used for dates in reports and alerts.">
            {({ id, describedBy, invalid }) => (
              <Controller
                control={form.control}
                name="timezone"
                render={({ field }) => (
                  <TimezoneCombobox
                    id={id}
                    value={field.value}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    describedBy={describedBy}
                    invalid={invalid}
                    disabled={!!readOnlyReason}
                  />
                )}
              />
            )}
          </Field>
          <h3 className="subhead">Data</h3>
          <div className="grid-2">
            <TextField
              label="Retention (days)"
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              step={1}
              error={errors.retentionDays?.message}
              hint={
                planRetention !== undefined
                  ? `Traces are kept for the smaller of this and your plan's ${planRetention} days.`
                  : "Traces are kept for the smaller of this and your plan's retention."
              }
              {...form.register('retentionDays', { valueAsNumber: true })}
            />
            <TextField
              label="Sampling rate"
              type="number"
              inputMode="decimal"
              min={0}
              max={1}
              step={0.01}
              error={errors.samplingRate?.message}
              hint="Share of new traces kept, from 0 to 1 (1 keeps every trace; 0.25 keeps one in four)."
              {...form.register('samplingRate', { valueAsNumber: true })}
            />
          </div>
          <Field
            label="PII masking"
            hint="Replaces e-mail addresses, phone and card numbers and API-key-like secrets in span input and output with [redacted] before storing."
          >
            {({ id, describedBy }) => (
              <Controller
                control={form.control}
                name="piiMasking"
                render={({ field }) => (
                  <div className="switch-row">
                    <Switch
                      id={id}
                      checked={field.value}
                      onCheckedChange={field.onChange}
                      aria-describedby={describedBy}
                      disabled={!!readOnlyReason}
                    />
                    <span aria-hidden="true">{field.value ? 'On' : 'Off'}</span>
                  </div>
                )}
              />
            )}
          </Field>
        </fieldset>
        {save.error && <ProblemAlert error={save.error} compact />}
        {!readOnlyReason && (
          <div className="form-actions">
            <span className="save-status" role="status" aria-live="polite">
              {save.isPending ? 'Saving…' : savedAt ? `Saved · ${formatDateTime(savedAt)}` : isDirty ? 'Unsaved changes' : ''}
            </span>
            <Button
              variant="ghost"
              disabled={!isDirty || save.isPending}
              onClick={() => {
                form.reset(toForm(workspace));
                save.reset();
              }}
            >
              Discard
            </Button>
            <Button type="submit" variant="primary" busy={save.isPending} disabled={!isDirty}>
              Save changes
            </Button>
          </div>
        )}
      </form>
    </section>
  );
}
