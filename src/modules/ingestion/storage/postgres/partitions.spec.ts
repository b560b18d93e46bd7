import { monthOf, monthsFrom, parsePartitionName } from './partitions';

describe('span partitions', () => {
  it('names a month by its UTC start', () => {
    expect(monthOf(Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toEqual({
      name: 'spans_p2026_11',
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(monthOf(Date.parse('2026-12-01T00:30:00+01:00')).name).toBe('spans_p2026_11');
  });

  it('lists the coming months across a year end', () => {
    expect(monthsFrom(new Date('2026-11-25T00:00:00Z'), 2).map((m) => m.name)).toEqual([
      'spans_p2026_11',
      'spans_p2026_12',
      'spans_p2027_01',
    ]);
  });

  it('parses names back, refusing anything else', () => {
    expect(parsePartitionName('spans_p2027_01')).toEqual(monthOf(Date.UTC(2027, 0, 15)));
    for (const n of ['spans_p2027_13', 'spans_p2027_1', 'spans', 'traces_p2027_01']) expect(parsePartitionName(n)).toBeNull();
  });
});
