import { DomainError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursor pagination', () => {
  it('round-trips a position', () => {
    const pos = { v: '2026-11-25T12:00:00.000Z', id: '0b8e0d1a-2c3f-4d3a-9a51-5f0c6a5e1f6b' };
    expect(decodeCursor(encodeCursor(pos))).toEqual(pos);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each([
    '',
    '%%%',
    'bm90LWpzb24',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('[1,2,3]').toString('base64url'),
    'x'.repeat(501),
  ])('rejects %p with a 400 validation error', (bad) => {
    expect(() => decodeCursor(bad)).toThrow(DomainError);
    try {
      decodeCursor(bad);
    } catch (e) {
      expect((e as DomainError).status).toBe(400);
    }
  });

  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const UUID = '0b8e0d1a-2c3f-4d3a-9a51-5f0c6a5e1f6b';
  const AT = '2026-11-25T12:00:00.000Z';

  it('accepts a trace id (32 hex) as the tie-breaker, and a time to the microsecond', () => {
    expect(decodeCursor(cursorOf([AT, '4bf92f3577b34da6a3ce929d0e0e4736']))).toEqual({ v: AT, id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    const us = '2026-11-25T12:00:00.123456Z';
    expect(decodeCursor(cursorOf([us, UUID]))).toEqual({ v: us, id: UUID });
  });

  // well-formed cursors whose content is not a position of ours: these used to reach Postgres (500)
  it.each([
    [[AT, 'not-a-uuid']],
    [['x', UUID]],
    [[1, UUID]],
    [['2026-02-30T12:00:00.000Z', UUID]],
    [['2026-11-25T25:00:00.000Z', UUID]],
    [['2026-11-25 12:00:00', UUID]],
    [['2026-11-25T12:00:00.1234Z', UUID]],
    [['2026-02-30T12:00:00.123456Z', UUID]],
    [['+275760-09-13T00:00:00.000Z', UUID]],
    [[AT, UUID, 'extra']],
    [[AT, `${UUID}\u0000`]],
    [[AT, 42]],
    [null],
    ['a string'],
  ])('rejects the cursor of %j with 400', (value) => {
    expect(() => decodeCursor(cursorOf(value))).toThrow(expect.objectContaining({ status: 400, code: 'validation_failed' }));
  });

  it('builds a page from limit + 1 rows', () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: new Date(Date.UTC(2026, 0, n)), id: `0b8e0d1a-2c3f-4d3a-9a51-5f0c6a5e1f6${n}` }));
    const position = (r: (typeof rows)[number]) => ({ v: r.at.toISOString(), id: r.id });
    const page = toPage(rows, 2, position, (r) => r.n);
    expect(page.data).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor as string)).toEqual({ v: '2026-01-02T00:00:00.000Z', id: rows[1].id });
    expect(toPage(rows.slice(0, 2), 2, position, (r) => r.n).nextCursor).toBeNull();
  });
});
