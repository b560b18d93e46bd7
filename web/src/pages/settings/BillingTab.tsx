import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { BillingConfigDto, BillingCycle, InvoiceDto, Plan, PlanDto } from '@api';
import { api, cancellable, problemOf } from '../../api/client';
import { usePaged } from '../../api/hooks';
import { DailyChart } from '../../components/DailyChart';
import { Button } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/Dialog';
import { Select } from '../../components/ui/Select';
import { Badge, Empty, ErrorState, Loading, Notice, ProblemAlert, UsageBar } from '../../components/ui/States';
import { useToast } from '../../components/ui/Toast';
import { cap, formatDate, formatLimit, formatMoney, formatNumber } from '../../lib/format';
import { external } from '../../lib/navigation';
import { planAction } from '../../lib/billing';
import { atLeast, needsRole } from '../../lib/roles';
import type { TabProps } from './SettingsPage';

const STATUS_TONE: Record<BillingConfigDto['status'], 'success' | 'warning' | 'danger' | 'neutral'> = {
  active: 'success',
  trialing: 'success',
  past_due: 'warning',
  canceled: 'danger',
  incomplete: 'warning',
};

export function BillingTab({ me }: TabProps) {
  if (!atLeast(me.role, 'admin')) {
    return (
      <section className="section" aria-labelledby="billing-heading">
        <h2 id="billing-heading">Billing</h2>
        <Notice>{needsRole(me.role, 'admin', 'see the plan, usage and invoices')}</Notice>
      </section>
    );
  }
  return <Billing canChange={me.role === 'owner'} />;
}

function Billing({ canChange }: { canChange: boolean }) {
  const [params] = useSearchParams();
  const checkout = params.get('checkout');
  const config = useQuery({
    queryKey: ['billing', 'config'],
    queryFn: ({ signal }) => cancellable(signal, api.billing.getBillingConfig()),
    // Back from Checkout: Stripe's webhook updates the plan shortly; poll until it has.
    refetchInterval: (q) => (checkout === 'success' && q.state.data?.plan === 'free' && q.state.dataUpdateCount < 20 ? 3000 : false),
  });
  // The plan catalogue comes from the API (the one place plans are defined); it rarely changes.
  const plans = useQuery({
    queryKey: ['billing', 'plans'],
    queryFn: ({ signal }) => cancellable(signal, api.billing.listPlans()),
    staleTime: 60 * 60_000,
  });
  const failed = config.isError ? config : plans.isError ? plans : null;
  return (
    <div className="stack-lg">
      {checkout === 'success' && (
        <Notice tone="success">
          Thank you! Your subscription is being activated; this page updates as soon as Stripe confirms the payment.
        </Notice>
      )}
      {checkout === 'cancelled' && <Notice>Checkout was cancelled; nothing was charged.</Notice>}
      <section className="section" aria-labelledby="billing-heading">
        <div className="section-head">
          <div>
            <h2 id="billing-heading">Plan and usage</h2>
            <p className="muted">Your subscription, what it allows and how much of it this month has used.</p>
          </div>
        </div>
        {failed ? (
          <ErrorState error={failed.error} onRetry={() => failed.refetch()} />
        ) : !config.data || !plans.data ? (
          <Loading label="Loading your plan…" />
        ) : (
          <div className="grid-2 grid-top">
            <CurrentPlan config={config.data} plans={plans.data.data} />
            <Usage />
          </div>
        )}
      </section>
      {config.data && plans.data && <Plans config={config.data} plans={plans.data.data} canChange={canChange} />}
      <Invoices />
    </div>
  );
}

function CurrentPlan({ config, plans }: { config: BillingConfigDto; plans: PlanDto[] }) {
  const info = plans.find((p) => p.id === config.plan);
  return (
    <div className="card" aria-labelledby="current-plan-heading">
      <h3 id="current-plan-heading" className="card-title">
        Current plan
      </h3>
      <p className="plan-name" data-testid="current-plan">
        {info?.name ?? config.plan} <Badge tone={STATUS_TONE[config.status]}>{cap(config.status.replace('_', ' '))}</Badge>
      </p>
      {config.cancelAtPeriodEnd && config.currentPeriodEnd && (
        <Notice tone="warning">Cancels on {formatDate(config.currentPeriodEnd)}; the workspace moves to Free then.</Notice>
      )}
      {config.status === 'past_due' && (
        <Notice tone="warning">The last payment failed. Update your payment method to keep this plan.</Notice>
      )}
      <dl className="facts">
        <div>
          <dt>Billing cycle</dt>
          <dd>{config.plan === 'free' ? '—' : cap(config.billingCycle)}</dd>
        </div>
        <div>
          <dt>Current period</dt>
          <dd>{config.currentPeriodStart ? `${formatDate(config.currentPeriodStart)} – ${formatDate(config.currentPeriodEnd)}` : '—'}</dd>
        </div>
        <div>
          <dt>Seats</dt>
          <dd>{formatLimit(config.limits.seats)}</dd>
        </div>
        <div>
          <dt>Integrations</dt>
          <dd>{formatLimit(config.limits.integrations)}</dd>
        </div>
        <div>
          <dt>Traces / month</dt>
          <dd>{formatLimit(config.limits.tracesPerMonth)}</dd>
        </div>
        <div>
          <dt>Retention</dt>
          <dd>{config.limits.retentionDays} days</dd>
        </div>
        {config.billingEmail && (
          <div>
            <dt>Billing email</dt>
            <dd>{config.billingEmail}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function Usage() {
  const usage = useQuery({ queryKey: ['billing', 'usage'], queryFn: ({ signal }) => cancellable(signal, api.billing.getBillingUsage()) });
  if (usage.isPending)
    return (
      <div className="card">
        <Loading label="Loading usage…" />
      </div>
    );
  if (usage.isError)
    return (
      <div className="card">
        <ErrorState error={usage.error} onRetry={() => usage.refetch()} />
      </div>
    );
  const u = usage.data;
  return (
    <div className="card" aria-labelledby="usage-heading">
      <h3 id="usage-heading" className="card-title">
        This month{' '}
        <span className="muted">
          ({formatDate(u.periodStart)} – {formatDate(new Date(new Date(u.periodEnd).getTime() - 1).toISOString())})
        </span>
      </h3>
      <UsageBar label="Traces" used={u.traces.used} limit={u.traces.limit} format={formatNumber} />
      <UsageBar label="Seats" used={u.seats.used} limit={u.seats.limit} format={formatNumber} />
      <UsageBar label="Integrations" used={u.integrations.used} limit={u.integrations.limit} format={formatNumber} />
      <DailyChart data={u.daily} />
    </div>
  );
}

function Plans({ config, plans, canChange }: { config: BillingConfigDto; plans: PlanDto[]; canChange: boolean }) {
  const [cycle, setCycle] = useState<BillingCycle>(config.billingCycle ?? 'monthly');
  return (
    <section className="section" aria-labelledby="plans-heading">
      <div className="section-head">
        <div>
          <h2 id="plans-heading">Plans</h2>
          <p className="muted">Upgrades go through Stripe Checkout; downgrades take effect at the end of the paid period.</p>
        </div>
        <label className="toolbar-item">
          <span className="toolbar-label">Billing cycle</span>
          <Select<BillingCycle>
            aria-label="Billing cycle"
            size="sm"
            value={cycle}
            onValueChange={setCycle}
            options={[
              { value: 'monthly', label: 'Monthly' },
              { value: 'yearly', label: 'Yearly' },
            ]}
          />
        </label>
      </div>
      {!canChange && <Notice>{needsRole('admin', 'owner', 'change the plan')}</Notice>}
      <div className="plan-grid">
        {plans.map((p) => (
          <PlanCard key={p.id} plan={p} config={config} cycle={cycle} canChange={canChange} />
        ))}
      </div>
    </section>
  );
}

function PlanCard({
  plan,
  config,
  cycle,
  canChange,
}: {
  plan: PlanDto;
  config: BillingConfigDto;
  cycle: BillingCycle;
  canChange: boolean;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  const [confirmDowngrade, setConfirmDowngrade] = useState(false);
  const action = planAction(plan.id, config, cycle);
  const origin = window.location.origin;
  const startCheckout = (target: Plan, billingCycle: BillingCycle) =>
    api.billing.createCheckoutSession({
      requestBody: {
        plan: target,
        billingCycle,
        successUrl: `${origin}/dashboard/settings/billing?checkout=success`,
        cancelUrl: `${origin}/dashboard/settings/billing?checkout=cancelled`,
      },
    });
  const run = useMutation({
    mutationFn: async (): Promise<'redirect' | 'changed'> => {
      if (action.kind === 'checkout') {
        const s = await startCheckout(action.plan, action.billingCycle);
        external.go(s.url);
        return 'redirect';
      }
      if (action.kind === 'change') {
        try {
          await api.billing.changePlan({ requestBody: { plan: action.plan, billingCycle: action.billingCycle } });
        } catch (e) {
          if (problemOf(e).code !== 'checkout_required') throw e;
          const s = await startCheckout(action.plan, action.billingCycle);
          external.go(s.url);
          return 'redirect';
        }
        return 'changed';
      }
      await api.billing.changePlan({ requestBody: { plan: 'free' } });
      return 'changed';
    },
    onSuccess: (r) => {
      if (r === 'changed') {
        setConfirmDowngrade(false);
        toast.success(action.kind === 'downgrade' ? 'Your plan moves to Free at the end of the period' : `Switched to ${plan.name}`);
        void qc.invalidateQueries({ queryKey: ['billing'] });
      }
    },
  });
  const current = action.kind === 'current' || plan.id === config.plan;
  const l = plan.limits;
  return (
    <article className={`card plan-card ${current ? 'is-current' : ''}`} aria-labelledby={`plan-${plan.id}`}>
      <h3 id={`plan-${plan.id}`} className="card-title">
        {plan.name} {current && <Badge tone="info">Current</Badge>}
      </h3>
      <p className="plan-price">
        {plan.priceMonthlyUsd === null ? 'Contact us' : plan.priceMonthlyUsd === 0 ? '$0' : `$${plan.priceMonthlyUsd}`}
        {plan.priceMonthlyUsd !== null && <span className="muted"> / month</span>}
      </p>
      <p className="muted">{plan.description}</p>
      <ul className="plan-limits">
        <li>{formatLimit(l.tracesPerMonth)} traces / month</li>
        <li>{formatLimit(l.seats)} seats</li>
        <li>{formatLimit(l.integrations)} integrations</li>
        <li>{l.retentionDays} days retention</li>
      </ul>
      {run.error && action.kind !== 'downgrade' && <ProblemAlert error={run.error} compact />}
      <div className="plan-action">
        {action.kind === 'current' ? null : action.kind === 'contact' ? (
          <p className="muted">Sold by contract: talk to sales.</p>
        ) : action.kind === 'downgrade' ? (
          <Button disabled={!canChange} onClick={() => setConfirmDowngrade(true)}>
            Downgrade to Free
          </Button>
        ) : (
          <Button variant="primary" disabled={!canChange} busy={run.isPending} onClick={() => run.mutate()}>
            {config.plan !== 'free' && plan.id === config.plan ? `Renew ${plan.name}` : `Upgrade to ${plan.name}`}
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirmDowngrade}
        onOpenChange={(o) => {
          setConfirmDowngrade(o);
          if (!o) run.reset();
        }}
        title="Downgrade to Free?"
        description={`Your subscription is cancelled at the end of the current period${config.currentPeriodEnd ? ` (${formatDate(config.currentPeriodEnd)})` : ''}; then the Free limits apply.`}
        confirmLabel="Downgrade"
        busy={run.isPending}
        onConfirm={() => run.mutate()}
      >
        {run.error && <ProblemAlert error={run.error} compact />}
      </ConfirmDialog>
    </article>
  );
}

const INVOICE_TONE: Record<InvoiceDto['status'], 'success' | 'warning' | 'danger' | 'neutral'> = {
  paid: 'success',
  open: 'warning',
  draft: 'neutral',
  uncollectible: 'danger',
  void: 'neutral',
};

function Invoices() {
  const invoices = usePaged(['billing', 'invoices'], (cursor) => api.billing.listInvoices({ limit: 24, cursor }));
  return (
    <section className="section" aria-labelledby="invoices-heading">
      <h2 id="invoices-heading">Invoices</h2>
      <div className="card">
        {invoices.isPending ? (
          <Loading label="Loading invoices…" />
        ) : invoices.isError ? (
          <ErrorState error={invoices.error} onRetry={() => invoices.refetch()} />
        ) : invoices.items.length === 0 ? (
          <Empty title="No invoices yet">Invoices appear here once you subscribe to a paid plan.</Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table" aria-label="Invoices">
                <thead>
                  <tr>
                    <th scope="col">Invoice</th>
                    <th scope="col">Period</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Status</th>
                    <th scope="col">Links</th>
                  </tr>
                </thead>
                <tbody>
                  {invoices.items.map((i) => (
                    <tr key={i.id}>
                      <td>
                        <div className="cell-main">{i.number ?? i.stripeInvoiceId}</div>
                        <div className="cell-sub">{formatDate(i.createdAt)}</div>
                      </td>
                      <td>{i.periodStart ? `${formatDate(i.periodStart)} – ${formatDate(i.periodEnd)}` : '—'}</td>
                      <td>{formatMoney(i.status === 'paid' ? i.amountPaid : i.amountDue, i.currency)}</td>
                      <td>
                        <Badge tone={INVOICE_TONE[i.status]}>{cap(i.status)}</Badge>
                      </td>
                      <td className="cell-links">
                        {i.hostedInvoiceUrl && (
                          <a href={i.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                            View<span className="sr-only"> invoice {i.number}</span>
                          </a>
                        )}
                        {i.pdfUrl && (
                          <a href={i.pdfUrl} target="_blank" rel="noopener noreferrer">
                            PDF<span className="sr-only"> of invoice {i.number}</span>
                          </a>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {invoices.hasNextPage && (
              <div className="table-more">
                <Button size="sm" busy={invoices.isFetchingNextPage} onClick={() => invoices.fetchNextPage()}>
                  Load more
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}
