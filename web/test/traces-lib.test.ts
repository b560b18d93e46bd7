import { describe, expect, it } from 'vitest';
import type { SpanDto } from '@api';
import {
  buildSpanTree,
  chatMessages,
  filtersFromParams,
  filtersToParams,
  filtersToQuery,
  formatMicros,
  isoToMicros,
  messageText,
  visibleNodes,
} from '../src/lib/traces';

const span = (
  spanId: string,
  parentSpanId: string | null,
  startTime: string,
  endTime: string | null,
  extra: Partial<SpanDto> = {},
): SpanDto => ({
  traceId: 'a'.repeat(32),
  spanId,
  parentSpanId,
  name: spanId,
  kind: 'other',
  startTime,
  endTime,
  status: 'ok',
  statusMessage: null,
  input: null,
  output: null,
  attributes: null,
  model: null,
  usage: null,
  costUsd: null,
  ...extra,
});

describe('isoToMicros', () => {
  it('keeps the microseconds a Date would drop', () => {
    const a = isoToMicros('2026-12-06T07:20:10.123456Z');
    const b = isoToMicros('2026-12-06T07:20:10.123459Z');
    expect(b - a).toBe(3);
    expect(a).toBe(Date.UTC(2026, 11, 6, 7, 20, 10) * 1000 + 123456);
  });
  it('accepts fewer or more fraction digits and offsets', () => {
    expect(isoToMicros('2026-12-06T07:20:10Z')).toBe(Date.UTC(2026, 11, 6, 7, 20, 10) * 1000);
    expect(isoToMicros('2026-12-06T07:20:10.5Z') % 1_000_000).toBe(500_000);
    expect(isoToMicros('2026-12-06T07:20:10.123456789Z') % 1_000_000).toBe(123456);
    expect(isoToMicros('2026-12-06T09:20:10.000001+02:00')).toBe(Date.UTC(2026, 11, 6, 7, 20, 10) * 1000 + 1);
  });
  it('formats durations', () => {
    expect(formatMicros(850)).toBe('850 µs');
    expect(formatMicros(12_400)).toBe('12.4 ms');
    expect(formatMicros(3_210_000)).toBe('3.21 s');
  });
});

describe('buildSpanTree', () => {
  it('nests by parent, orders siblings by their microsecond start, places orphans as roots', () => {
    const t = buildSpanTree([
      span('root', null, '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:01.000000Z'),
      span('b', 'root', '2026-01-01T00:00:00.000007Z', '2026-01-01T00:00:00.000010Z', { status: 'error' }),
      span('a', 'root', '2026-01-01T00:00:00.000003Z', '2026-01-01T00:00:00.000005Z'),
      span('a1', 'a', '2026-01-01T00:00:00.000004Z', null),
      span('orphan', 'missing', '2026-01-01T00:00:02.000000Z', '2026-01-01T00:00:03.000000Z'),
    ]);
    expect(t.nodes.map((n) => `${n.span.spanId}@${n.depth}`)).toEqual(['root@0', 'a@1', 'a1@2', 'b@1', 'orphan@0']);
    expect(t.nodes[0].errorBelow).toBe(true);
    expect(t.nodes[1].errorBelow).toBe(false);
    expect(t.endUs - t.startUs).toBe(3_000_000);
    expect(visibleNodes(t, new Set(['a'])).map((n) => n.span.spanId)).toEqual(['root', 'a', 'b', 'orphan']);
    expect(visibleNodes(t, new Set(['root'])).map((n) => n.span.spanId)).toEqual(['root', 'orphan']);
  });
  it('handles a 10,000-deep chain and a parent cycle without recursion', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) =>
      span(`s${i}`, i ? `s${i - 1}` : null, `2026-01-01T00:00:00.${String(i).padStart(6, '0')}Z`, '2026-01-01T00:00:01.000000Z'),
    );
    expect(buildSpanTree(spans).nodes[9999].depth).toBe(9999);
    const cyc = buildSpanTree([span('x', 'y', '2026-01-01T00:00:00Z', null), span('y', 'x', '2026-01-01T00:00:01Z', null)]);
    expect(cyc.nodes.map((n) => n.span.spanId)).toEqual(['x', 'y']);
  });
});

describe('chat messages', () => {
  it('recognises a list of {role, content} and {messages: [...]}', () => {
    expect(chatMessages([{ role: 'user', content: 'hi' }])).toHaveLength(1);
    expect(chatMessages({ messages: [{ role: 'system', content: 'be brief' }] })).toHaveLength(1);
    expect(chatMessages([{ role: 'user' }])).toBeNull();
    expect(chatMessages('hi')).toBeNull();
    expect(chatMessages([])).toBeNull();
    expect(messageText([{ type: 'text', text: 'a' }, 'b'])).toBe('a\nb');
    expect(messageText({ x: 1 })).toBe('{\n  "x": 1\n}');
  });
});

describe('filters in the URL', () => {
  it('round-trips, drops invalid values, keeps the default range out of the URL', () => {
    const f = filtersFromParams(
      new URLSearchParams('status=error&kind=llm&name=%20support%20&model=gpt-4o&minDurationMs=250&minCostUsd=0.01&range=7d'),
    );
    expect(f).toEqual({
      range: '7d',
      status: 'error',
      kind: 'llm',
      name: 'support',
      model: 'gpt-4o',
      minDurationMs: 250,
      minCostUsd: 0.01,
    });
    expect(filtersFromParams(filtersToParams(f))).toEqual(f);
    expect(filtersFromParams(new URLSearchParams('status=bad&kind=x&minDurationMs=-1&range=2y'))).toEqual({
      range: '24h',
      minDurationMs: undefined,
      minCostUsd: undefined,
    });
    expect(filtersToParams({ range: '24h' }).toString()).toBe('');
  });
  it('turns a preset into from = now - range, a custom range into its bounds', () => {
    const now = Date.UTC(2026, 0, 2);
    expect(filtersToQuery({ range: '24h' }, now).from).toBe('2026-01-01T00:00:00.000Z');
    const custom = filtersFromParams(new URLSearchParams('range=custom&from=2026-01-01T00:00:00Z&to=2026-01-01T06:00:00Z'));
    expect(filtersToQuery(custom, now)).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T06:00:00.000Z' });
  });
});
