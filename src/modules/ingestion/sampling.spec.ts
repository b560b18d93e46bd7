import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keepTrace } from './sampling';

describe('keepTrace', () => {
  const ids = Array.from({ length: 4000 }, () => randomBytes(16).toString('hex'));

  it('keeps everything at 1 and nothing at 0', () => {
    expect(ids.every((id) => keepTrace(id, 1))).toBe(true);
    expect(ids.some((id) => keepTrace(id, 0))).toBe(false);
  });

  it('is deterministic and case-insensitive', () => {
    for (const id of ids.slice(0, 100)) expect(keepTrace(id.toUpperCase(), 0.3)).toBe(keepTrace(id, 0.3));
  });

  it('keeps about the configured share, also for sequential ids, and a kept trace stays kept at a higher rate', () => {
    const share = (list: string[], rate: number) => list.filter((id) => keepTrace(id, rate)).length / list.length;
    expect(share(ids, 0.25)).toBeGreaterThan(0.21);
    expect(share(ids, 0.25)).toBeLessThan(0.29);
    const sequential = Array.from({ length: 4000 }, (_, i) => i.toString(16).padStart(32, '0'));
    expect(share(sequential, 0.5)).toBeGreaterThan(0.45);
    expect(share(sequential, 0.5)).toBeLessThan(0.55);
    for (const id of ids) if (keepTrace(id, 0.2)) expect(keepTrace(id, 0.6)).toBe(true);
  });

  it('matches the vectors both SDKs check (clients/testdata/sampling.json): one decision per trace everywhere', () => {
    const file = join(__dirname, '../../../clients/testdata/sampling.json');
    const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: { traceId: string; rate: number; keep: boolean }[] };
    expect(cases.length).toBeGreaterThan(500);
    expect(cases.filter((c) => keepTrace(c.traceId, c.rate) !== c.keep)).toEqual([]);
  });
});
