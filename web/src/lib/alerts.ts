import type { AlertRuleDto, IncidentDto } from '@api';

export type AlertMetric = AlertRuleDto['metric'];

export const METRICS: { value: AlertMetric; label: string; hint: string }[] = [
  { value: 'error_rate', label: 'Error rate', hint: 'error traces / traces, from 0 to 1 (0.05 = 5 %)' },
  { value: 'p95_latency_ms', label: 'p95 latency (ms)', hint: '95th percentile of trace durations, in milliseconds' },
  { value: 'cost_usd', label: 'Cost (USD)', hint: 'total cost of the traces, in dollars' },
  { value: 'trace_count', label: 'Trace count', hint: 'number of traces' },
];

export const metricLabel = (m: AlertMetric) => METRICS.find((x) => x.value === m)?.label ?? m;

/** A metric's value for people: error rate as a percentage, cost in dollars, latency in ms. */
export function formatMetric(metric: AlertMetric, v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  switch (metric) {
    case 'error_rate':
      return `${+(v * 100).toFixed(2)} %`;
    case 'cost_usd':
      return `$${+v.toFixed(4)}`;
    case 'p95_latency_ms':
      return `${+v.toFixed(1)} ms`;
    default:
      return String(Math.round(v));
  }
}

/** "Error rate > 5 % over 15 min" */
export const describeRule = (r: Pick<AlertRuleDto, 'metric' | 'operator' | 'threshold' | 'windowMinutes'>) =>
  `${metricLabel(r.metric)} ${r.operator} ${formatMetric(r.metric, r.threshold)} over ${r.windowMinutes} min`;

/**
 * The traces of an incident's window: from `windowMinutes` before it opened to when it was resolved (or now), as the
 * trace list's `from`/`to` filters.
 */
export function incidentTracesLink(i: Pick<IncidentDto, 'openedAt' | 'resolvedAt' | 'windowMinutes'>, now = Date.now()): string {
  const from = new Date(Date.parse(i.openedAt) - i.windowMinutes * 60_000).toISOString();
  const to = new Date(i.resolvedAt ? Date.parse(i.resolvedAt) : now).toISOString();
  return `/traces?${new URLSearchParams({ from, to }).toString()}`;
}
