import { Logger } from '@nestjs/common';
import { Metrics } from './metrics';
import { describeError, reportSwallowed, swallow, swallowedErrors } from './swallowed';

const count = async (where: string) => (await swallowedErrors.get()).values.find((v) => v.labels.where === where)?.value ?? 0;

describe('swallowed errors', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('counts every failure and logs one line per call site per 10 s, then says how many it did not log', async () => {
    const where = `test.throttle.${Math.random()}`;
    const t0 = 1_000_000;
    reportSwallowed(where, new Error('down'), { queue: 'q' }, t0);
    reportSwallowed(where, new Error('down'), { queue: 'q' }, t0 + 1000);
    reportSwallowed(where, new Error('down'), { queue: 'q' }, t0 + 9000);
    expect(await count(where)).toBe(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({ where, err: { name: 'Error', message: 'down' }, queue: 'q' });
    expect(warn.mock.calls[0][1]).toBe(`${where} failed`);
    reportSwallowed(where, new Error('still down'), {}, t0 + 10_001);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toMatchObject({ where, notLoggedSinceLast: 2 });
    expect(await count(where)).toBe(4);
  });

  it('swallow() resolves a rejected promise to undefined and reports it', async () => {
    const where = `test.promise.${Math.random()}`;
    await expect(Promise.reject(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).catch(swallow(where))).resolves.toBeUndefined();
    expect(await count(where)).toBe(1);
    expect(warn.mock.calls[0][0]).toMatchObject({ err: { code: 'ECONNREFUSED', message: 'x' } });
  });

  it('logs only name, message (clipped) and code of an error: no stack, no driver fields', () => {
    const err = Object.assign(new Error('m'.repeat(1000)), { code: '08006', parameters: ['secret'], query: 'SELECT' });
    const d = describeError(err);
    expect(Object.keys(d).sort()).toEqual(['code', 'message', 'name']);
    expect(d.message).toHaveLength(300);
    expect(describeError('plain')).toEqual({ message: 'plain' });
  });

  it('is exposed by every Metrics registry as swallowed_errors_total{where}', async () => {
    const where = `test.exposed.${Math.random()}`;
    reportSwallowed(where, new Error('x'));
    const a = new Metrics(false);
    const b = new Metrics(false);
    for (const m of [a, b]) expect(await m.registry.metrics()).toContain(`swallowed_errors_total{where="${where}"} 1`);
  });
});
