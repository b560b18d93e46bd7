import { KnownTraces } from './known-traces';

describe('KnownTraces', () => {
  it('remembers a trace per workspace, and trusts it only for ttlMs after the last write', () => {
    const known = new KnownTraces(10, 1000);
    known.wrote('w1', 't1', 5_000, 7_000, 100);
    expect(known.get('w1', 't1', 100)).toEqual({ traceUs: 5_000, endUs: 7_000, at: 100 });
    expect(known.get('w2', 't1', 100)).toBeUndefined();
    expect(known.get('w1', 't1', 1_099)).toBeDefined();
    expect(known.get('w1', 't1', 1_100)).toBeUndefined();
    known.wrote('w1', 't1', 5_000, 6_000, 1_100); // a later write renews it
    expect(known.get('w1', 't1', 2_000)).toEqual({ traceUs: 5_000, endUs: 7_000, at: 1_100 });
  });

  it('keeps the latest end it wrote (a lower bound of the stored one), and a new key replaces the entry', () => {
    const known = new KnownTraces(10, 1000);
    known.wrote('w', 't', 5_000, null, 0);
    known.wrote('w', 't', 5_000, 9_000, 1);
    known.wrote('w', 't', 5_000, 8_000, 2);
    known.wrote('w', 't', 5_000, null, 3);
    expect(known.get('w', 't', 3)?.endUs).toBe(9_000);
    known.wrote('w', 't', 6_000, 6_500, 4); // re-created with another key (retention removed the first)
    expect(known.get('w', 't', 4)).toEqual({ traceUs: 6_000, endUs: 6_500, at: 4 });
  });

  it('forgets traces on demand, and the oldest-inserted tenth once past its bound', () => {
    const known = new KnownTraces(20, 1000);
    for (let i = 0; i < 20; i++) known.wrote('w', `t${i}`, i, null, 0);
    known.forget('w', ['t3', 't4']);
    expect(known.get('w', 't3', 0)).toBeUndefined();
    expect(known.size).toBe(18);
    for (let i = 20; i < 23; i++) known.wrote('w', `t${i}`, i, null, 0);
    expect(known.size).toBe(19); // 21 > 20: the two oldest went
    expect(known.get('w', 't0', 0)).toBeUndefined();
    expect(known.get('w', 't1', 0)).toBeUndefined();
    expect(known.get('w', 't2', 0)).toBeDefined();
    expect(known.get('w', 't22', 0)).toBeDefined();
  });
});
