import { swallowedErrors } from '../../../common/metrics/swallowed';
import { Registry } from 'prom-client';
import { gateWaitCounters, TraceGate } from './trace-gate';

/** Whether `p` settled within a turn of the event loop's timers. */
async function settledSoon(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('TraceGate', () => {
  it('names the traces earlier batches hold, per workspace, and lets a batch without any go at once', async () => {
    const gate = new TraceGate();
    const a = gate.enter('w1', ['t1', 't2']);
    expect([...a.held]).toEqual([]);
    expect(await settledSoon(a.settled(60_000))).toBe(true);
    const b = gate.enter('w1', ['t2', 't3']);
    expect([...b.held]).toEqual(['t2']);
    const other = gate.enter('w2', ['t1', 't2']);
    expect([...other.held]).toEqual([]);
    for (const e of [a, b, other]) e.release();
    expect(gate.size).toBe(0);
  });

  it('a later batch waits for every earlier holder of its traces, never the other way round', async () => {
    const gate = new TraceGate();
    const a = gate.enter('w', ['t1']);
    const b = gate.enter('w', ['t2']);
    const c = gate.enter('w', ['t1', 't2', 't3']);
    expect([...c.held].sort()).toEqual(['t1', 't2']);
    const waiting = c.settled(60_000);
    expect(await settledSoon(waiting)).toBe(false);
    expect(gate.waiting).toBe(1);
    a.release();
    expect(await settledSoon(waiting)).toBe(false); // b still holds t2
    b.release();
    expect(await settledSoon(waiting)).toBe(true);
    expect(await waiting).toBe(true);
    expect(gate.waiting).toBe(0);
    // c took over its traces: the next batch waits for c, and c for nobody
    const d = gate.enter('w', ['t3']);
    expect([...d.held]).toEqual(['t3']);
    expect(await settledSoon(d.settled(60_000))).toBe(false);
    c.release();
    c.release(); // twice is harmless
    expect(await settledSoon(d.settled(60_000))).toBe(true);
    d.release();
    expect(gate.size).toBe(0);
  });

  it('a holder that never finishes holds a waiter no longer than the timeout', async () => {
    const gate = new TraceGate();
    const stuck = gate.enter('w', ['t']);
    const waiter = gate.enter('w', ['t']);
    const started = Date.now();
    expect(await waiter.settled(50)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    waiter.release();
    // the stuck batch's own entry is no longer the holder: releasing it later leaves nothing behind
    stuck.release();
    expect(gate.size).toBe(0);
  });
});

describe('TraceGate.run', () => {
  const reported = async () => (await swallowedErrors.get()).values.find((v) => v.labels.where === 'ingest.trace-gate')?.value ?? 0;

  it('runs the write once earlier holders are done, and releases its traces even when the write throws', async () => {
    const gate = new TraceGate();
    const holder = gate.enter('w', ['t']);
    let ran = false;
    const second = gate.run('w', ['t'], async () => {
      ran = true;
      return 42;
    });
    expect(await settledSoon(second)).toBe(false);
    expect(ran).toBe(false);
    holder.release();
    expect(await second).toBe(42);
    await expect(gate.run('w', ['t'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.size).toBe(0);
  });

  it('goes on after the timeout behind a stuck holder, and reports it', async () => {
    const gate = new TraceGate();
    const stuck = gate.enter('w', ['t']);
    const before = await reported();
    expect(await gate.run('w', ['t'], async () => 'went on', 30)).toBe('went on');
    expect(await reported()).toBe(before + 1);
    stuck.release();
    expect(gate.size).toBe(0);
  });

  it('counts the batches that waited and how long, once per registry, and not the batches that did not wait', async () => {
    const registry = new Registry();
    const counters = gateWaitCounters(registry);
    expect(gateWaitCounters(registry).waits).toBe(counters.waits); // a second store of the same app shares them
    const gate = new TraceGate(counters);
    const value = async (name: string) => (await registry.getSingleMetricAsString(name)).match(/^\S+ (\S+)$/m)?.[1];
    await gate.run('w', ['t'], async () => undefined);
    expect(await value('ingest_trace_gate_waits_total')).toBe('0');
    const holder = gate.enter('w', ['t']);
    const second = gate.run('w', ['t', 'u'], async () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 30));
    holder.release();
    await second;
    await gate.run('w', ['t'], async () => undefined);
    expect(await value('ingest_trace_gate_waits_total')).toBe('1');
    expect(Number(await value('ingest_trace_gate_wait_seconds_total'))).toBeGreaterThanOrEqual(0.025);
  });
});
