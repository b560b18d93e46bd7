import { describe, expect, it } from 'vitest';
import { describeRule, formatMetric, incidentTracesLink } from '../src/lib/alerts';

describe('alerts lib', () => {
  it('formats values per metric', () => {
    expect(formatMetric('error_rate', 0.0525)).toBe('5.25 %');
    expect(formatMetric('cost_usd', 1.23456)).toBe('$1.2346');
    expect(formatMetric('p95_latency_ms', 950.25)).toBe('950.3 ms');
    expect(formatMetric('trace_count', 12)).toBe('12');
    expect(formatMetric('trace_count', null)).toBe('—');
  });

  it('describes a rule', () => {
    expect(describeRule({ metric: 'error_rate', operator: '>', threshold: 0.05, windowMinutes: 15 })).toBe('Error rate > 5 % over 15 min');
  });

  it('links an incident to the traces of its window: windowMinutes before it opened until it resolved (or now)', () => {
    const link = incidentTracesLink({ openedAt: '2026-01-01T12:00:00.000Z', resolvedAt: '2026-01-01T12:30:00.000Z', windowMinutes: 15 });
    expect(link).toBe('/traces?from=2026-01-01T11%3A45%3A00.000Z&to=2026-01-01T12%3A30%3A00.000Z');
    const open = new URL(
      incidentTracesLink({ openedAt: '2026-01-01T12:00:00.000Z', resolvedAt: null, windowMinutes: 5 }, Date.parse('2026-01-01T13:00:00Z')),
      'http://x',
    );
    expect(open.searchParams.get('from')).toBe('2026-01-01T11:55:00.000Z');
    expect(open.searchParams.get('to')).toBe('2026-01-01T13:00:00.000Z');
  });
});
