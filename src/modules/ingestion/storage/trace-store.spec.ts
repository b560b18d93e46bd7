import { NormalizedSpan } from '../span-model';
import { lastOfEach } from './trace-store';
import { normalizedSpan } from '../normalized-span.spec-helpers';

const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);
const span = (over: Partial<NormalizedSpan>) => normalizedSpan({ traceId: T1, ...over });

describe('lastOfEach', () => {
  it('returns the batch itself when no span repeats', () => {
    const batch = [span({}), span({ spanId: '2'.repeat(16) }), span({ traceId: T2 })];
    expect(lastOfEach(batch)).toBe(batch);
  });

  it('keeps the later copy of a span sent twice, in the place of the first', () => {
    const spans = lastOfEach([span({ name: 'one' }), span({ spanId: '2'.repeat(16), name: 'child' }), span({ name: 'two' })]);
    expect(spans.map((s) => s.name)).toEqual(['two', 'child']);
  });

  it('keeps both spans that share a span id in two traces', () => {
    const batch = [span({ name: 'first trace' }), span({ traceId: T2, name: 'second trace' })];
    expect(lastOfEach(batch).map((s) => s.name)).toEqual(['first trace', 'second trace']);
  });

  it('keys by trace and span id once a span id repeats: a repeat across traces and one within a trace', () => {
    const spans = lastOfEach([
      span({ name: 'a1' }),
      span({ traceId: T2, name: 'b1' }),
      span({ traceId: T2, name: 'b2' }),
      span({ spanId: '3'.repeat(16), name: 'c' }),
    ]);
    expect(spans.map((s) => s.name)).toEqual(['a1', 'b2', 'c']);
  });
});
