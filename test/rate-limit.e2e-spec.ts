import { createTestContext, TestContext } from './support/context';
import { createApiKey, expectProblem, PASSWORD, signup } from './support/factories';

// The one test file that runs with the real (low) limits instead of the raised ones.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '5', AUTH_RATE_LIMIT_PER_MINUTE: '4', INGEST_RATE_LIMIT_PER_MINUTE: '7' } });
});
afterAll(async () => {
  await t.close();
});

describe('rate limits', () => {
  it('limits each credential per minute with RateLimit headers, then 429 with Retry-After', async () => {
    const a = await signup(t);
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t.http.get('/api/v1/workspace', { token: a.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(Number(res.headers.get('ratelimit-remaining')));
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const over = await t.http.get('/api/v1/workspace', { token: a.token });
    expectProblem(over, 429, 'rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('limits unauthenticated routes per client IP (AUTH_RATE_LIMIT_PER_MINUTE)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await t.http.post('/api/v1/auth/login', { email: 'nobody@example.com', password: PASSWORD })).status);
    }
    // one signup in the previous test used a unit of the same IP budget
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const last = await t.http.post('/api/v1/auth/login', { email: 'nobody@example.com', password: PASSWORD });
    expectProblem(last, 429, 'rate_limited');
    expect(last.headers.get('ratelimit-limit')).toBe('4');
  });

  it('keys of one workspace have separate budgets', async () => {
    // a fresh context: the IP budget of this file is spent
    const t2 = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const a = await signup(t2);
      const k1 = await createApiKey(t2, a.token, 'viewer');
      const k2 = await createApiKey(t2, a.token, 'viewer');
      for (let i = 0; i < 3; i++) expect((await t2.http.get('/api/v1/workspace', { token: k1.key })).status).toBe(200);
      expectProblem(await t2.http.get('/api/v1/workspace', { token: k1.key }), 429, 'rate_limited');
      expect((await t2.http.get('/api/v1/workspace', { token: k2.key })).status).toBe(200);
    } finally {
      await t2.close();
    }
  });
});
