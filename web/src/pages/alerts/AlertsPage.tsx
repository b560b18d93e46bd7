import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { AlertRuleDto, CreateAlertRuleDto, EvaluationResultDto, IncidentDto, IntegrationType, Role } from '@api';
import { api, cancellable, problemOf, type Problem } from '../../api/client';
import { useMe, usePaged } from '../../api/hooks';
import { AppHeader } from '../../components/AppHeader';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog, Dialog } from '../../components/ui/Dialog';
import { Badge, Empty, ErrorState, Loading, Notice, ProblemAlert } from '../../components/ui/States';
import { useToast } from '../../components/ui/Toast';
import { formatDateTime } from '../../lib/format';
import { describeRule, formatMetric, incidentTracesLink, METRICS, type AlertMetric } from '../../lib/alerts';
import { atLeast, needsRole } from '../../lib/roles';

const KINDS = ['agent', 'llm', 'tool', 'retrieval', 'embedding', 'reranker', 'guardrail', 'evaluator', 'chain', 'other'] as const;
const INTEGRATION_LABEL: Record<string, string> = {
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  webhook: 'Webhook',
  sentry: 'Sentry',
  datadog: 'Datadog',
  custom: 'Custom HTTP',
};

/** /alerts: alert rules (list, editor, test now) and incidents (acknowledge, resolve, the traces of their window). */
export function AlertsPage() {
  const me = useMe();
  return (
    <div className="app">
      <AppHeader />
      <main className="content">
        <h1 className="page-title">Alerts</h1>
        {me.isPending ? (
          <Loading />
        ) : me.isError ? (
          <ErrorState error={me.error} onRetry={() => me.refetch()} />
        ) : (
          <>
            <RulesSection role={me.data.role} />
            <IncidentsSection role={me.data.role} />
          </>
        )}
      </main>
    </div>
  );
}

function RulesSection({ role }: { role: Role }) {
  const canEdit = atLeast(role, 'admin');
  const [editing, setEditing] = useState<AlertRuleDto | 'new' | null>(null);
  const rules = usePaged(['alert-rules'], (cursor) => api.alerts.listAlertRules({ limit: 100, cursor }));
  return (
    <section aria-labelledby="rules-heading" className="section">
      <div className="section-head">
        <div>
          <h2 id="rules-heading">Alert rules</h2>
          <p className="muted">
            Rules are evaluated every minute over the traces of their window. A breach opens an incident and notifies the rule’s
            integrations.
          </p>
        </div>
        {canEdit && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            New rule
          </Button>
        )}
      </div>
      {!canEdit && <Notice>{needsRole(role, 'admin', 'create, change or test alert rules')}</Notice>}
      {rules.isPending ? (
        <Loading label="Loading alert rules…" />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => rules.refetch()} />
      ) : rules.items.length === 0 ? (
        <div className="card">
          <Empty title="No alert rules yet">
            Create one to be told when the error rate, latency or cost of your agents crosses a line.
          </Empty>
        </div>
      ) : (
        <div className="card">
          <div className="table-wrap">
            <table className="table" aria-label="Alert rules">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Integrations</th>
                  <th scope="col">Last value</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rules.items.map((r) => (
                  <RuleRow key={r.id} rule={r} canEdit={canEdit} onEdit={() => setEditing(r)} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {editing && <RuleEditor rule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </section>
  );
}

function RuleRow({ rule, canEdit, onEdit }: { rule: AlertRuleDto; canEdit: boolean; onEdit: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirm, setConfirm] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.alerts.deleteAlertRule({ id: rule.id }),
    onError: (err) => toast.error(problemOf(err).detail),
    onSuccess: () => {
      toast.success(`Deleted ${rule.name}`);
      void qc.invalidateQueries({ queryKey: ['alert-rules'] });
      void qc.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const filter = [
    rule.filter.name && `name ~ “${rule.filter.name}”`,
    rule.filter.kind && `kind ${rule.filter.kind}`,
    rule.filter.model && `model ${rule.filter.model}`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <tr>
      <td>{rule.name}</td>
      <td>
        {describeRule(rule)}
        {filter && <div className="muted">{filter}</div>}
      </td>
      <td>{rule.integrations.length ? rule.integrations.map((i) => INTEGRATION_LABEL[i] ?? i).join(', ') : '—'}</td>
      <td title={rule.lastEvaluatedAt ? `Evaluated ${formatDateTime(rule.lastEvaluatedAt)}` : 'Not evaluated yet'}>
        {formatMetric(rule.metric, rule.lastValue)}
      </td>
      <td>{rule.enabled ? <Badge tone="success">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
      <td className="cell-actions">
        {canEdit && (
          <>
            <Button size="sm" onClick={onEdit} aria-label={`Edit ${rule.name}`}>
              Edit
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirm(true)} aria-label={`Delete ${rule.name}`}>
              Delete
            </Button>
            <ConfirmDialog
              open={confirm}
              onOpenChange={setConfirm}
              title={`Delete ${rule.name}?`}
              description="The rule stops being evaluated; an open incident of it is resolved."
              confirmLabel="Delete rule"
              busy={remove.isPending}
              onConfirm={() => remove.mutate(undefined, { onSuccess: () => setConfirm(false) })}
            />
          </>
        )}
      </td>
    </tr>
  );
}

interface Draft {
  name: string;
  metric: AlertMetric;
  windowMinutes: string;
  operator: '>' | '<';
  threshold: string;
  filterName: string;
  filterKind: string;
  filterModel: string;
  integrations: IntegrationType[];
  enabled: boolean;
}

const draftOf = (r: AlertRuleDto | null): Draft => ({
  name: r?.name ?? '',
  metric: r?.metric ?? 'error_rate',
  windowMinutes: String(r?.windowMinutes ?? 15),
  operator: r?.operator ?? '>',
  threshold: r ? String(r.threshold) : '0.05',
  filterName: r?.filter.name ?? '',
  filterKind: r?.filter.kind ?? '',
  filterModel: r?.filter.model ?? '',
  integrations: r?.integrations ?? [],
  enabled: r?.enabled ?? true,
});

function bodyOf(d: Draft): CreateAlertRuleDto {
  const filter: CreateAlertRuleDto['filter'] = {};
  if (d.filterName.trim()) filter.name = d.filterName.trim();
  if (d.filterKind) filter.kind = d.filterKind as NonNullable<CreateAlertRuleDto['filter']>['kind'];
  if (d.filterModel.trim()) filter.model = d.filterModel.trim();
  return {
    name: d.name.trim(),
    metric: d.metric,
    windowMinutes: Number(d.windowMinutes),
    operator: d.operator,
    threshold: Number(d.threshold),
    filter,
    integrations: d.integrations,
    enabled: d.enabled,
  };
}

/** Client-side checks mirroring the API's (the server's answer is shown too). */
function check(d: Draft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.name.trim()) e.name = 'Give the rule a name';
  const w = Number(d.windowMinutes);
  if (!Number.isInteger(w) || w < 5 || w > 1440) e.windowMinutes = 'A whole number of minutes from 5 to 1440';
  if (d.threshold.trim() === '' || !Number.isFinite(Number(d.threshold))) e.threshold = 'A number';
  return e;
}

function RuleEditor({ rule, onClose }: { rule: AlertRuleDto | null; onClose: () => void }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState(() => draftOf(rule));
  const [saved, setSaved] = useState<AlertRuleDto | null>(rule);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [result, setResult] = useState<EvaluationResultDto | null>(null);
  const integrations = useQuery({
    queryKey: ['integrations'],
    queryFn: ({ signal }) => cancellable(signal, api.integrations.listIntegrations()),
  });
  const configured = (integrations.data?.data ?? []).filter((i) => i.configured);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const save = useMutation({
    mutationFn: (body: CreateAlertRuleDto) =>
      saved ? api.alerts.updateAlertRule({ id: saved.id, requestBody: body }) : api.alerts.createAlertRule({ requestBody: body }),
    onSuccess: (r) => {
      setSaved(r);
      void qc.invalidateQueries({ queryKey: ['alert-rules'] });
    },
    onError: (err) => {
      const p = problemOf(err);
      setProblem(p);
      setErrors(Object.fromEntries((p.errors ?? []).map((e) => [e.field.split('.').pop() as string, e.message])));
    },
  });
  const test = useMutation({
    mutationFn: (id: string) => api.alerts.evaluateAlertRule({ id }),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['alert-rules'] });
      void qc.invalidateQueries({ queryKey: ['incidents'] });
    },
    onError: (err) => setProblem(problemOf(err)),
  });

  const submit = async (e: FormEvent, thenTest: boolean) => {
    e.preventDefault();
    setProblem(null);
    setResult(null);
    const found = check(draft);
    setErrors(found);
    if (Object.keys(found).length) return;
    const r = await save.mutateAsync(bodyOf(draft)).catch(() => null);
    if (!r) return;
    if (thenTest) await test.mutateAsync(r.id).catch(() => null);
    else {
      toast.success(rule ? `Saved ${r.name}` : `Created ${r.name}`);
      onClose();
    }
  };
  const metricHint = METRICS.find((m) => m.value === draft.metric)?.hint;
  const busy = save.isPending || test.isPending;

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={rule ? `Edit ${rule.name}` : 'New alert rule'}>
      <form className="form" onSubmit={(e) => submit(e, false)} noValidate aria-label="Alert rule">
        {problem && <ProblemAlert problem={problem} compact />}
        <EditorField label="Name" error={errors.name}>
          {(id) => <input id={id} className="input" value={draft.name} maxLength={100} onChange={(e) => set('name', e.target.value)} />}
        </EditorField>
        <EditorField label="Metric" hint={metricHint}>
          {(id) => (
            <select id={id} className="input" value={draft.metric} onChange={(e) => set('metric', e.target.value as AlertMetric)}>
              {METRICS.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </select>
          )}
        </EditorField>
        <div className="form-row">
          <EditorField label="Operator">
            {(id) => (
              <select id={id} className="input" value={draft.operator} onChange={(e) => set('operator', e.target.value as '>' | '<')}>
                <option value=">">above (&gt;)</option>
                <option value="<">below (&lt;)</option>
              </select>
            )}
          </EditorField>
          <EditorField label="Threshold" error={errors.threshold}>
            {(id) => (
              <input
                id={id}
                className="input"
                inputMode="decimal"
                value={draft.threshold}
                onChange={(e) => set('threshold', e.target.value)}
              />
            )}
          </EditorField>
          <EditorField label="Window (minutes)" error={errors.windowMinutes} hint="5 to 1440">
            {(id) => (
              <input
                id={id}
                className="input"
                type="number"
                min={5}
                max={1440}
                value={draft.windowMinutes}
                onChange={(e) => set('windowMinutes', e.target.value)}
              />
            )}
          </EditorField>
        </div>
        <fieldset className="field">
          <legend className="field-label">Only traces matching (optional)</legend>
          <div className="form-row">
            <EditorField label="Name contains" error={errors.name && undefined}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  value={draft.filterName}
                  maxLength={512}
                  onChange={(e) => set('filterName', e.target.value)}
                />
              )}
            </EditorField>
            <EditorField label="Root kind" error={errors.kind}>
              {(id) => (
                <select id={id} className="input" value={draft.filterKind} onChange={(e) => set('filterKind', e.target.value)}>
                  <option value="">any</option>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
              )}
            </EditorField>
            <EditorField label="Model" error={errors.model}>
              {(id) => (
                <input
                  id={id}
                  className="input"
                  value={draft.filterModel}
                  maxLength={256}
                  onChange={(e) => set('filterModel', e.target.value)}
                />
              )}
            </EditorField>
          </div>
        </fieldset>
        <fieldset className="field">
          <legend className="field-label">Notify</legend>
          {integrations.isPending ? (
            <Loading label="Loading integrations…" />
          ) : configured.length === 0 ? (
            <p className="muted">
              No integration is configured: incidents are only listed here. Configure Slack, PagerDuty or a webhook under{' '}
              <Link to="/dashboard/settings/integrations">Settings → Integrations</Link>.
            </p>
          ) : (
            configured.map((i) => (
              <label key={i.type} className="check">
                <input
                  type="checkbox"
                  checked={draft.integrations.includes(i.type)}
                  onChange={(e) =>
                    set('integrations', e.target.checked ? [...draft.integrations, i.type] : draft.integrations.filter((t) => t !== i.type))
                  }
                />{' '}
                {INTEGRATION_LABEL[i.type] ?? i.type}
                {!i.enabled && <span className="muted"> (disabled)</span>}
              </label>
            ))
          )}
          {errors.integrations && (
            <p className="field-error" role="alert">
              {errors.integrations}
            </p>
          )}
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} /> Enabled
        </label>
        {result && saved && (
          <div role="status" aria-label="Test result">
            <Notice tone={result.breached ? 'warning' : 'success'}>
              <span>
                {metricLabelOf(saved)} is <strong>{formatMetric(saved.metric, result.value)}</strong> now:{' '}
                {result.breached ? `breached — incident ${result.incidentId ? 'open' : 'not opened'}` : 'not breached'}.
              </span>
            </Notice>
          </div>
        )}
        <div className="dialog-actions">
          <Button type="button" onClick={(e) => submit(e as unknown as FormEvent, true)} disabled={busy}>
            {test.isPending ? 'Testing…' : 'Save and test this rule'}
          </Button>
          <Button type="submit" variant="primary" disabled={busy}>
            {save.isPending ? 'Saving…' : saved ? 'Save' : 'Create rule'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const metricLabelOf = (r: AlertRuleDto) => METRICS.find((m) => m.value === r.metric)?.label ?? r.metric;

function EditorField({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  children: (id: string) => React.ReactNode;
}) {
  const id = `rule-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children(id)}
      {hint && <p className="field-hint">{hint}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const STATUS_TONE = { open: 'danger', acknowledged: 'warning', resolved: 'success' } as const;

function IncidentsSection({ role }: { role: Role }) {
  const [status, setStatus] = useState<'' | IncidentDto['status']>('');
  const incidents = usePaged(
    ['incidents', status],
    (cursor) => api.alerts.listIncidents({ limit: 50, cursor, status: status || undefined }),
    {
      pollWhile: () => true,
      pollMs: 15_000,
    },
  );
  const canAct = atLeast(role, 'member');
  return (
    <section aria-labelledby="incidents-heading" className="section">
      <div className="section-head">
        <div>
          <h2 id="incidents-heading">Incidents</h2>
          <p className="muted">Acknowledge an incident to stop its reminders; it resolves by itself after two clear evaluations.</p>
        </div>
        <label className="inline-field">
          Status{' '}
          <select
            className="input"
            aria-label="Incident status"
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
          >
            <option value="">all</option>
            <option value="open">open</option>
            <option value="acknowledged">acknowledged</option>
            <option value="resolved">resolved</option>
          </select>
        </label>
      </div>
      {incidents.isPending ? (
        <Loading label="Loading incidents…" />
      ) : incidents.isError ? (
        <ErrorState error={incidents.error} onRetry={() => incidents.refetch()} />
      ) : incidents.items.length === 0 ? (
        <div className="card">
          <Empty title="No incidents">{status ? `No ${status} incidents.` : 'Nothing has crossed a line yet.'}</Empty>
        </div>
      ) : (
        <div className="card">
          <div className="table-wrap">
            <table className="table" aria-label="Incidents">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Status</th>
                  <th scope="col">Value</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Acknowledged</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {incidents.items.map((i) => (
                  <IncidentRow key={i.id} incident={i} canAct={canAct} />
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}

function IncidentRow({ incident: i, canAct }: { incident: IncidentDto; canAct: boolean }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [problem, setProblem] = useState<Problem | null>(null);
  const act = useMutation({
    mutationFn: (action: 'acknowledge' | 'resolve') =>
      action === 'acknowledge' ? api.alerts.acknowledgeIncident({ id: i.id }) : api.alerts.resolveIncident({ id: i.id }),
    onSuccess: (r) => {
      setProblem(null);
      toast.success(`${r.ruleName}: ${r.status}`);
      void qc.invalidateQueries({ queryKey: ['incidents'] });
    },
    onError: (err) => {
      setProblem(problemOf(err));
      void qc.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  return (
    <tr>
      <td>{i.ruleName}</td>
      <td>
        <Badge tone={STATUS_TONE[i.status]}>{i.status}</Badge>
      </td>
      <td>
        {i.value} <span className="muted">(threshold {i.threshold})</span>
      </td>
      <td>{formatDateTime(i.openedAt)}</td>
      <td>{formatDateTime(i.acknowledgedAt)}</td>
      <td>
        {formatDateTime(i.resolvedAt)}
        {i.resolvedBy?.type === 'system' && <span className="muted"> (recovered)</span>}
      </td>
      <td className="cell-actions">
        <Link to={incidentTracesLink(i)} aria-label={`Traces of ${i.ruleName} incident`}>
          Traces
        </Link>
        {canAct && i.status === 'open' && (
          <Button size="sm" onClick={() => act.mutate('acknowledge')} disabled={act.isPending}>
            Acknowledge
          </Button>
        )}
        {canAct && i.status !== 'resolved' && (
          <Button size="sm" variant="ghost" onClick={() => act.mutate('resolve')} disabled={act.isPending}>
            Resolve
          </Button>
        )}
        {problem && <ProblemAlert problem={problem} compact />}
      </td>
    </tr>
  );
}
