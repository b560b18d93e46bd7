import { Logger } from '@nestjs/common';
import { swallowedErrors } from './metrics/swallowed';
import { TouchBuffer, TouchEntries } from './touch-buffer';

const t = (s: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, s));
const failures = async (name: string) =>
  (await swallowedErrors.get()).values.find((v) => v.labels.where === `touch_buffer.${name}`)?.value ?? 0;

describe('TouchBuffer', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('coalesces touches: one write with the latest time per id, then nothing pending', async () => {
    const writes: TouchEntries[] = [];
    const buffer = new TouchBuffer({ name: 'coalesce', write: async (e) => void writes.push(e) });
    buffer.touch('a', t(1));
    buffer.touch('a', t(3));
    buffer.touch('a', t(2)); // an older touch never wins
    buffer.touch('b', t(1));
    expect(buffer.latest('a')).toEqual(t(3));
    await buffer.flush();
    expect(writes).toEqual([
      [
        ['a', t(3)],
        ['b', t(1)],
      ],
    ]);
    expect(buffer.latest('a')).toBeUndefined();
    await buffer.flush();
    expect(writes).toHaveLength(1); // nothing to write
  });

  it('merged() returns the later of the stored and the pending time', () => {
    const buffer = new TouchBuffer({ name: 'merged', write: async () => undefined });
    expect(buffer.merged('a', null)).toBeNull();
    expect(buffer.merged('a', t(5))).toEqual(t(5));
    buffer.touch('a', t(4));
    expect(buffer.merged('a', t(5))).toEqual(t(5));
    expect(buffer.merged('a', t(3))).toEqual(t(4));
    expect(buffer.merged('a', null)).toEqual(t(4));
  });

  it('keeps the entries of a write under way visible to latest() until it has finished', async () => {
    let release!: () => void;
    const buffer = new TouchBuffer({ name: 'inflight', write: () => new Promise<void>((r) => (release = r)) });
    buffer.touch('a', t(1));
    const done = buffer.flush();
    await new Promise((r) => setImmediate(r));
    expect(buffer.latest('a')).toEqual(t(1));
    release();
    await done;
    expect(buffer.latest('a')).toBeUndefined();
  });

  it('a failed write is logged, counted and retried with the next flush (a newer touch wins)', async () => {
    const name = `fail${Math.random().toString(36).slice(2)}`;
    let fail = true;
    const writes: TouchEntries[] = [];
    const buffer = new TouchBuffer({
      name,
      write: async (e) => {
        if (fail) throw Object.assign(new Error('connection terminated'), { code: '57P01' });
        writes.push(e);
      },
    });
    buffer.touch('a', t(1));
    buffer.touch('b', t(1));
    await buffer.flush();
    expect(await failures(name)).toBe(1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ where: `touch_buffer.${name}`, ids: 2, err: expect.objectContaining({ code: '57P01' }) }),
      `touch_buffer.${name} failed`,
    );
    expect(buffer.latest('a')).toEqual(t(1)); // still pending
    buffer.touch('a', t(9));
    fail = false;
    await buffer.flush();
    expect(writes).toEqual([
      [
        ['a', t(9)],
        ['b', t(1)],
      ],
    ]);
  });

  it('keeps at most maxPending ids while writes fail', async () => {
    const buffer = new TouchBuffer({ name: 'bounded', maxPending: 2, write: () => Promise.reject(new Error('down')) });
    for (const id of ['a', 'b', 'c']) buffer.touch(id, t(1));
    await buffer.flush();
    expect(['a', 'b', 'c'].filter((id) => buffer.latest(id))).toHaveLength(2);
  });

  it('stop() writes what is pending', async () => {
    const writes: TouchEntries[] = [];
    const buffer = new TouchBuffer({ name: 'stop', intervalMs: 60_000, write: async (e) => void writes.push(e) });
    buffer.start();
    buffer.touch('a', t(1));
    await buffer.stop();
    expect(writes).toEqual([[['a', t(1)]]]);
  });
});
