import { createTestContext, TestContext } from './support/context';
import { expectProblem, PASSWORD, signup, uniqueEmail } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('Idempotency-Key', () => {
  it('replays the original status and body, and the side effect happens once', async () => {
    const a = await signup(t);
    const headers = { 'idempotency-key': 'create-key-1' };
    const first = await t.http.post('/api/v1/api-keys', { name: 'ci' }, { token: a.token, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await t.http.post('/api/v1/api-keys', { name: 'ci' }, { token: a.token, headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // the kept response holds the key's secret: sealed with the key ring, never stored readable
    const [row] = await t.sql<{ body: unknown }>(`SELECT response_body AS body FROM idempotency_keys WHERE key = 'create-key-1'`);
    expect(typeof row.body).toBe('string');
    expect(row.body).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(first.body.key);
    const [{ n }] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM api_keys WHERE workspace_id = $1', [a.workspaceId]);
    expect(Number(n)).toBe(1);
    const [{ audits }] = await t.sql<{ audits: string }>(
      `SELECT count(*) AS audits FROM audit_logs WHERE action = 'api_key.created' AND workspace_id = $1`,
      [a.workspaceId],
    );
    expect(Number(audits)).toBe(1);
  });

  it('the same key with a different body is 422; another credential has its own key space', async () => {
    const a = await signup(t);
    const b = await signup(t);
    const headers = { 'idempotency-key': 'shared-key' };
    expect((await t.http.post('/api/v1/api-keys', { name: 'one' }, { token: a.token, headers })).status).toBe(201);
    expectProblem(await t.http.post('/api/v1/api-keys', { name: 'two' }, { token: a.token, headers }), 422, 'idempotency_key_reused');
    const other = await t.http.post('/api/v1/api-keys', { name: 'two' }, { token: b.token, headers });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a request still in flight with the same key is 409 (and never runs twice)', async () => {
    const a = await signup(t);
    // a login takes ~100 ms (scrypt): fire three at once with one key (unauthenticated: scoped by IP). On a loaded
    // machine the requests may arrive one after the other (then the later ones are replays): a fresh key is tried
    // until one round overlaps; every round must run the login once.
    const body = { email: a.email, password: PASSWORD };
    let conflict: Awaited<ReturnType<typeof t.http.post>> | undefined;
    for (let round = 0; round < 5 && !conflict; round++) {
      const headers = { 'idempotency-key': `login-${a.userId}-${round}` };
      const rs = await Promise.all([0, 1, 2].map(() => t.http.post('/api/v1/auth/login', body, { headers })));
      expect(rs.every((r) => r.status === 200 || r.status === 409)).toBe(true);
      const executed = rs.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
      expect(executed).toHaveLength(1);
      conflict = rs.find((r) => r.status === 409);
    }
    expect(conflict).toBeDefined();
    expectProblem(conflict!, 409, 'idempotency_key_in_use');
  });

  it('stores and replays 4xx outcomes that ran (409), not validation errors (400)', async () => {
    const a = await signup(t);
    const dup = { email: a.email, password: PASSWORD, name: 'X', workspaceName: 'Y' };
    const h1 = { 'idempotency-key': 'signup-dup' };
    const first = await t.http.post('/api/v1/auth/signup', dup, { headers: h1 });
    expectProblem(first, 409, 'conflict');
    const replay = await t.http.post('/api/v1/auth/signup', dup, { headers: h1 });
    expect(replay.status).toBe(409);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const h2 = { 'idempotency-key': 'signup-fix' };
    const email = uniqueEmail();
    expectProblem(
      await t.http.post('/api/v1/auth/signup', { email, password: 'short', name: 'X', workspaceName: 'Y' }, { headers: h2 }),
      400,
      'validation_failed',
    );
    // the 400 was not stored, so a corrected retry with the same key runs
    const fixed = await t.http.post('/api/v1/auth/signup', { email, password: PASSWORD, name: 'X', workspaceName: 'Y' }, { headers: h2 });
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects an over-long key with 400', async () => {
    const a = await signup(t);
    const res = await t.http.post('/api/v1/api-keys', { name: 'x' }, { token: a.token, headers: { 'idempotency-key': 'k'.repeat(256) } });
    expectProblem(res, 400, 'validation_failed');
  });
});
