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

  it('builds a page from limit + 1 rows', () => {
    const rows = [1, 2, 3].map((n) => ({ n, id: String(n) }));
    const page = toPage(
      rows,
      2,
      (r) => ({ v: r.n, id: r.id }),
      (r) => r.n,
    );
    expect(page.data).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor as string)).toEqual({ v: 2, id: '2' });
    expect(
      toPage(
        rows.slice(0, 2),
        2,
        (r) => ({ v: r.n, id: r.id }),
        (r) => r.n,
      ).nextCursor,
    ).toBeNull();
  });
});
