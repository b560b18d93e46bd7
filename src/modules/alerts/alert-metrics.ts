/** What an alert rule measures and how (API.md, Alert rules and incidents). Pure functions, unit-tested. */

export const ALERT_METRICS = ['error_rate', 'p95_latency_ms', 'cost_usd', 'trace_count'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];
export const ALERT_OPERATORS = ['>', '<'] as const;
export type AlertOperator = (typeof ALERT_OPERATORS)[number];

/** The traces a rule looks at: root span name (substring, case-insensitive), root kind (exact), model used (exact). */
export interface AlertFilter {
  name?: string;
  kind?: string;
  model?: string;
}

/** The trace summaries of one window, as the trace store computes them. */
export interface WindowMetrics {
  traces: number;
  errors: number;
  /** null when no trace of the window has ended */
  p95DurationMs: number | null;
  /** sum of the traces' costs (unknown costs count as 0) */
  costUsd: number;
}

/** The rule's value over a window: error_rate = error traces / traces (0 with none); p95 0 when no trace ended. */
export function metricValue(metric: AlertMetric, m: WindowMetrics): number {
  switch (metric) {
    case 'error_rate':
      return m.traces ? m.errors / m.traces : 0;
    case 'p95_latency_ms':
      return m.p95DurationMs ?? 0;
    case 'cost_usd':
      return m.costUsd;
    case 'trace_count':
      return m.traces;
  }
}

export const isBreached = (operator: AlertOperator, value: number, threshold: number) =>
  operator === '>' ? value > threshold : value < threshold;

/** A canonical form of a filter (empty fields dropped, keys sorted), so rules with the same filter share one query. */
export function normalizeFilter(f: AlertFilter | null | undefined): AlertFilter {
  const out: AlertFilter = {};
  if (f?.kind) out.kind = f.kind;
  if (f?.model) out.model = f.model;
  if (f?.name) out.name = f.name;
  return out;
}

/** Clear evaluations in a row after which an incident resolves by itself. */
export const CLEAR_EVALUATIONS_TO_RESOLVE = 2;

export type Transition =
  | { kind: 'none' }
  | { kind: 'open' }
  | { kind: 'remind' }
  | { kind: 'resolve' }
  /** not breached, incident still active: one more clear evaluation */
  | { kind: 'clear'; streak: number };

/**
 * What one evaluation does to the rule's active incident (if any): open one on a breach, remind while it stays open
 * (not acknowledged) past the reminder interval, resolve after two clear evaluations in a row.
 */
export function decide(
  breached: boolean,
  active: { status: 'open' | 'acknowledged'; notifiedAt: Date } | null,
  clearStreak: number,
  now: Date,
  reminderMs: number,
): Transition {
  if (breached) {
    if (!active) return { kind: 'open' };
    if (active.status === 'open' && now.getTime() - active.notifiedAt.getTime() >= reminderMs) return { kind: 'remind' };
    return { kind: 'none' };
  }
  if (!active) return { kind: 'none' };
  const streak = clearStreak + 1;
  return streak >= CLEAR_EVALUATIONS_TO_RESOLVE ? { kind: 'resolve' } : { kind: 'clear', streak };
}
