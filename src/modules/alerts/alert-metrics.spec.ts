import { decide, isBreached, metricValue, normalizeFilter } from './alert-metrics';

const m = { traces: 8, errors: 2, p95DurationMs: 950.5, costUsd: 1.25 };

describe('metricValue', () => {
  it('error_rate = errors / traces, 0 with no traces; p95 0 with no ended trace', () => {
    expect(metricValue('error_rate', m)).toBe(0.25);
    expect(metricValue('error_rate', { traces: 0, errors: 0, p95DurationMs: null, costUsd: 0 })).toBe(0);
    expect(metricValue('p95_latency_ms', m)).toBe(950.5);
    expect(metricValue('p95_latency_ms', { ...m, p95DurationMs: null })).toBe(0);
    expect(metricValue('cost_usd', m)).toBe(1.25);
    expect(metricValue('trace_count', m)).toBe(8);
  });
});

describe('isBreached', () => {
  it('strict comparisons', () => {
    expect(isBreached('>', 0.5, 0.5)).toBe(false);
    expect(isBreached('>', 0.51, 0.5)).toBe(true);
    expect(isBreached('<', 0.5, 0.5)).toBe(false);
    expect(isBreached('<', 0.49, 0.5)).toBe(true);
  });
});

describe('normalizeFilter', () => {
  it('drops empty fields and orders keys, so equal filters share a query', () => {
    expect(JSON.stringify(normalizeFilter({ name: 'a', model: 'm', kind: 'llm' }))).toBe(
      JSON.stringify(normalizeFilter({ kind: 'llm', model: 'm', name: 'a' })),
    );
    expect(normalizeFilter({ name: '' })).toEqual({});
    expect(normalizeFilter(null)).toEqual({});
  });
});

describe('decide', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const hour = 3600_000;
  const open = (agoMs: number) => ({ status: 'open' as const, notifiedAt: new Date(now.getTime() - agoMs) });
  it('opens on a breach without an incident; nothing while breached and recently notified', () => {
    expect(decide(true, null, 0, now, hour)).toEqual({ kind: 'open' });
    expect(decide(true, open(1000), 0, now, hour)).toEqual({ kind: 'none' });
  });
  it('reminds an open incident past the reminder interval, never an acknowledged one', () => {
    expect(decide(true, open(hour), 0, now, hour)).toEqual({ kind: 'remind' });
    expect(decide(true, { status: 'acknowledged', notifiedAt: new Date(0) }, 0, now, hour)).toEqual({ kind: 'none' });
  });
  it('resolves after two clear evaluations in a row', () => {
    expect(decide(false, open(0), 0, now, hour)).toEqual({ kind: 'clear', streak: 1 });
    expect(decide(false, open(0), 1, now, hour)).toEqual({ kind: 'resolve' });
    expect(decide(false, { status: 'acknowledged', notifiedAt: now }, 1, now, hour)).toEqual({ kind: 'resolve' });
    expect(decide(false, null, 5, now, hour)).toEqual({ kind: 'none' });
  });
});
