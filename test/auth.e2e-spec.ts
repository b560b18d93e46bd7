import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, PASSWORD, signup, uniqueEmail } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('POST /api/v1/auth/signup', () => {
  it('creates the user, a workspace they own and an access token', async () => {
    const email = uniqueEmail('Ada').toUpperCase();
    const res = await t.http.post('/api/v1/auth/signup', { email, password: PASSWORD, name: 'Ada', workspaceName: 'Analytical Engines' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      role: 'owner',
      user: { email: email.toLowerCase(), name: 'Ada' },
      workspace: { name: 'Analytical Engines', timezone: 'UTC' },
    });
    expect(res.body.accessToken).toMatch(/^ao_at_[A-Za-z0-9_-]{43}$/);
    expect(res.body.expiresIn).toBeGreaterThan(0);
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.http.get('/api/v1/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: 'owner',
      apiKey: null,
      workspace: { id: res.body.workspace.id },
      workspaces: [{ id: res.body.workspace.id, role: 'owner' }],
    });
  });

  it('refuses a taken email, case-insensitively (409 conflict)', async () => {
    const a = await signup(t);
    const res = await t.http.post('/api/v1/auth/signup', {
      email: a.email.toUpperCase(),
      password: PASSWORD,
      name: 'X',
      workspaceName: 'Y',
    });
    expectProblem(res, 409, 'conflict');
  });

  it('refuses a password shorter than 12 characters with field errors', async () => {
    const res = await t.http.post('/api/v1/auth/signup', { email: uniqueEmail(), password: 'short', name: 'X', workspaceName: 'Y' });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
  });

  it('rejects unknown fields (no mass assignment)', async () => {
    const res = await t.http.post('/api/v1/auth/signup', {
      email: uniqueEmail(),
      password: PASSWORD,
      name: 'X',
      workspaceName: 'Y',
      role: 'admin',
    });
    expectProblem(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'role' })]);
  });

  it('rejects a bad email, missing fields and over-long strings', async () => {
    for (const body of [
      { email: 'not-an-email', password: PASSWORD, name: 'X', workspaceName: 'Y' },
      { password: PASSWORD, name: 'X', workspaceName: 'Y' },
      { email: uniqueEmail(), password: PASSWORD, name: 'x'.repeat(101), workspaceName: 'Y' },
      { email: uniqueEmail(), password: 'p'.repeat(201), name: 'X', workspaceName: 'Y' },
      [],
      'just a string',
    ]) {
      const res = await t.http.post('/api/v1/auth/signup', body);
      expectProblem(res, 400, 'validation_failed');
    }
  });
});

describe('POST /api/v1/auth/login', () => {
  it('logs in to the oldest active membership, or the one asked for', async () => {
    const a = await signup(t, { workspaceName: 'First' });
    const res = await t.http.post('/api/v1/auth/login', { email: a.email.toUpperCase(), password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'owner', workspace: { id: a.workspaceId } });
    const other = await signup(t);
    const member = await addMember(t, other, 'viewer');
    const chosen = await t.http.post('/api/v1/auth/login', { email: member.email, password: PASSWORD, workspaceId: other.workspaceId });
    expect(chosen.body).toMatchObject({ role: 'viewer', workspace: { id: other.workspaceId } });
  });

  it('answers wrong email and wrong password with the same 401 body', async () => {
    const a = await signup(t);
    const wrongPw = await t.http.post('/api/v1/auth/login', { email: a.email, password: 'wrong password!!' });
    const wrongEmail = await t.http.post('/api/v1/auth/login', { email: uniqueEmail(), password: PASSWORD });
    expectProblem(wrongPw, 401, 'unauthenticated');
    expectProblem(wrongEmail, 401, 'unauthenticated');
    const strip = (b: any) => ({ ...b, requestId: undefined });
    expect(strip(wrongPw.body)).toEqual(strip(wrongEmail.body));
  });

  it('refuses a user with no active membership (403) and a workspace they are not in (403)', async () => {
    const a = await signup(t);
    const b = await signup(t);
    const notMine = await t.http.post('/api/v1/auth/login', { email: a.email, password: PASSWORD, workspaceId: b.workspaceId });
    expectProblem(notMine, 403, 'forbidden');
    await t.sql(`UPDATE team_members SET status = 'removed', removed_at = now() WHERE user_id = $1`, [a.userId]);
    const none = await t.http.post('/api/v1/auth/login', { email: a.email, password: PASSWORD });
    expectProblem(none, 403, 'forbidden');
  });
});

describe('credentials', () => {
  it('401 without, with a malformed, an unknown or an expired credential', async () => {
    const a = await signup(t);
    expectProblem(await t.http.get('/api/v1/auth/me'), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/auth/me', { headers: { authorization: 'Basic abc' } }), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/auth/me', { token: 'ao_at_' + 'x'.repeat(43) }), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/auth/me', { token: 'ao_sk_' + 'x'.repeat(43) }), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/auth/me', { token: a.token + 'x' }), 401, 'unauthenticated');
    expectProblem(await t.http.get('/api/v1/auth/me', { token: 'x'.repeat(5000) }), 401, 'unauthenticated');
    await t.sql(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [a.userId]);
    expectProblem(await t.http.get('/api/v1/auth/me', { token: a.token }), 401, 'unauthenticated');
  });

  it('logout stops that token at once, other sessions keep working', async () => {
    const a = await signup(t);
    const second = await t.http.post('/api/v1/auth/login', { email: a.email, password: PASSWORD });
    const out = await t.http.post('/api/v1/auth/logout', undefined, { token: a.token });
    expect(out.status).toBe(204);
    expectProblem(await t.http.get('/api/v1/auth/me', { token: a.token }), 401, 'unauthenticated');
    expect((await t.http.get('/api/v1/auth/me', { token: second.body.accessToken })).status).toBe(200);
  });

  it('an API key cannot log out (403)', async () => {
    const a = await signup(t);
    const key = await createApiKey(t, a.token, 'admin');
    expectProblem(await t.http.post('/api/v1/auth/logout', undefined, { token: key.key }), 403, 'forbidden');
  });

  it('a removed member is refused on the very next request, and works again when reactivated', async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'member');
    expect((await t.http.get('/api/v1/workspace', { token: m.token })).status).toBe(200);
    await t.sql(`UPDATE team_members SET status = 'removed', removed_at = now() WHERE id = $1`, [m.memberId]);
    expectProblem(await t.http.get('/api/v1/workspace', { token: m.token }), 403, 'forbidden');
    await t.sql(`UPDATE team_members SET status = 'active', removed_at = null WHERE id = $1`, [m.memberId]);
    expect((await t.http.get('/api/v1/workspace', { token: m.token })).status).toBe(200);
  });

  it('the role is read live: a demoted admin loses admin routes on the next request', async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'admin');
    expect((await t.http.get('/api/v1/api-keys', { token: m.token })).status).toBe(200);
    await t.sql(`UPDATE team_members SET role = 'viewer' WHERE id = $1`, [m.memberId]);
    expectProblem(await t.http.get('/api/v1/api-keys', { token: m.token }), 403, 'forbidden');
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it without the secret, authenticates with it, revokes it', async () => {
    const a = await signup(t);
    const created = await t.http.post('/api/v1/api-keys', { name: 'ci' }, { token: a.token });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'member' });
    expect(created.body.key).toMatch(/^ao_sk_[A-Za-z0-9_-]{43}$/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);
    const [stored] = await t.sql<{ key_digest: string }>('SELECT key_digest FROM api_keys WHERE id = $1', [created.body.id]);
    expect(stored.key_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.body.key);

    const list = await t.http.get('/api/v1/api-keys', { token: a.token });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      id: created.body.id,
      prefix: created.body.prefix,
      role: 'member',
      lastUsedAt: null,
      createdBy: { id: a.userId },
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect(list.body.nextCursor).toBeNull();

    const me = await t.http.get('/api/v1/auth/me', { token: created.body.key });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: null,
      apiKey: { id: created.body.id, role: 'member' },
      role: 'member',
      workspace: { id: a.workspaceId },
    });
    const used = await t.http.get('/api/v1/api-keys', { token: a.token });
    expect(used.body.data[0].lastUsedAt).not.toBeNull();

    const del = await t.http.delete(`/api/v1/api-keys/${created.body.id}`, { token: a.token });
    expect(del.status).toBe(204);
    expectProblem(await t.http.get('/api/v1/auth/me', { token: created.body.key }), 401, 'unauthenticated');
    expect((await t.http.get('/api/v1/api-keys', { token: a.token })).body.data).toHaveLength(0);
    expectProblem(await t.http.delete(`/api/v1/api-keys/${created.body.id}`, { token: a.token }), 404, 'not_found');
  });

  it("a key may not exceed its creator's role", async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    expectProblem(await t.http.post('/api/v1/api-keys', { name: 'x', role: 'owner' }, { token: admin.token }), 403, 'forbidden');
    expect((await t.http.post('/api/v1/api-keys', { name: 'x', role: 'admin' }, { token: admin.token })).status).toBe(201);
    const adminKey = await createApiKey(t, owner.token, 'admin');
    expectProblem(await t.http.post('/api/v1/api-keys', { name: 'x', role: 'owner' }, { token: adminKey.key }), 403, 'forbidden');
    expect((await t.http.post('/api/v1/api-keys', { name: 'x', role: 'owner' }, { token: owner.token })).status).toBe(201);
  });

  it('validates the body', async () => {
    const a = await signup(t);
    expectProblem(await t.http.post('/api/v1/api-keys', { name: '' }, { token: a.token }), 400, 'validation_failed');
    expectProblem(await t.http.post('/api/v1/api-keys', { name: 'x', role: 'god' }, { token: a.token }), 400, 'validation_failed');
    expectProblem(
      await t.http.post('/api/v1/api-keys', { name: 'x', workspaceId: a.workspaceId }, { token: a.token }),
      400,
      'validation_failed',
    );
  });

  it('member, viewer and member/viewer keys cannot manage keys (403); admin+ can', async () => {
    const owner = await signup(t);
    for (const role of ['member', 'viewer'] as const) {
      const m = await addMember(t, owner, role);
      const key = await createApiKey(t, owner.token, role);
      for (const token of [m.token, key.key]) {
        expectProblem(await t.http.get('/api/v1/api-keys', { token }), 403, 'forbidden');
        expectProblem(await t.http.post('/api/v1/api-keys', { name: 'x' }, { token }), 403, 'forbidden');
        expectProblem(await t.http.delete(`/api/v1/api-keys/${key.id}`, { token }), 403, 'forbidden');
      }
    }
    const admin = await addMember(t, owner, 'admin');
    expect((await t.http.get('/api/v1/api-keys', { token: admin.token })).status).toBe(200);
  });

  it("another workspace's key does not exist for the caller (404)", async () => {
    const a = await signup(t);
    const b = await signup(t);
    const bKey = await createApiKey(t, b.token, 'member');
    expectProblem(await t.http.delete(`/api/v1/api-keys/${bKey.id}`, { token: a.token }), 404, 'not_found');
    expectProblem(await t.http.delete('/api/v1/api-keys/not-a-uuid', { token: a.token }), 404, 'not_found');
    expect((await t.http.get('/api/v1/auth/me', { token: bKey.key })).status).toBe(200);
  });

  it('paginates with an opaque cursor; bad limits and cursors are 400', async () => {
    const a = await signup(t);
    for (let i = 0; i < 5; i++) await createApiKey(t, a.token, 'viewer');
    const p1 = await t.http.get('/api/v1/api-keys?limit=2', { token: a.token });
    expect(p1.body.data).toHaveLength(2);
    const p2 = await t.http.get(`/api/v1/api-keys?limit=2&cursor=${p1.body.nextCursor}`, { token: a.token });
    const p3 = await t.http.get(`/api/v1/api-keys?limit=2&cursor=${p2.body.nextCursor}`, { token: a.token });
    expect(p3.body.data).toHaveLength(1);
    expect(p3.body.nextCursor).toBeNull();
    const ids = [...p1.body.data, ...p2.body.data, ...p3.body.data].map((k: any) => k.id);
    expect(new Set(ids).size).toBe(5);
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'cursor=%%%', 'cursor=bm90LWpzb24']) {
      expectProblem(await t.http.get(`/api/v1/api-keys?${q}`, { token: a.token }), 400, 'validation_failed');
    }
  });
});

describe('errors and conventions', () => {
  it('unknown routes under /api are 404 problem+json', async () => {
    expectProblem(await t.http.get('/api/v1/nope'), 404, 'not_found');
    expectProblem(await t.http.post('/api/v2/whatever', {}), 404, 'not_found');
  });

  it('malformed JSON is 400, a wrong content type 415, an oversized body 413', async () => {
    const bad = await t.http.request('POST', '/api/v1/auth/login', undefined, {
      raw: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(bad, 400, 'validation_failed');
    const xml = await t.http.request('POST', '/api/v1/auth/login', undefined, {
      raw: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    expectProblem(xml, 415, 'unsupported_media_type');
    const big = await t.http.request('POST', '/api/v1/auth/login', undefined, {
      raw: JSON.stringify({ email: 'x'.repeat(2_000_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(big, 413, 'payload_too_large');
  });

  it('echoes a valid X-Request-Id and generates one otherwise', async () => {
    const echoed = await t.http.get('/api/v1/auth/me', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-abc-123');
    expect(echoed.body.requestId).toBe('trace-abc-123');
    const generated = await t.http.get('/api/v1/auth/me', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries RateLimit headers under /api/v1', async () => {
    const a = await signup(t);
    const res = await t.http.get('/api/v1/auth/me', { token: a.token });
    expect(res.headers.get('ratelimit-limit')).toBe('100000');
    expect(Number(res.headers.get('ratelimit-remaining'))).toBeGreaterThan(0);
    expect(res.headers.get('ratelimit-reset')).toMatch(/^\d+$/);
  });

  it('never leaks a stack, SQL or a secret in an error', async () => {
    const res = await t.http.post('/api/v1/auth/login', { email: "' OR 1=1 --", password: PASSWORD });
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/SELECT|stack|at .*\.ts|QueryFailedError/i);
  });
});

describe('operations', () => {
  it('health, metrics, docs', async () => {
    expect((await t.http.get('/health/live')).status).toBe(200);
    const ready = await t.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    await t.http.get('/api/v1/workspace');
    const metrics = await t.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/workspace"/);
    expect(metrics.text).toMatch(/queue_jobs\{queue="email",state="waiting"\}/);
    const doc = await t.http.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\.0/);
    expect(doc.body.paths['/api/v1/auth/signup']).toBeDefined();
    expect((await t.http.get('/docs')).status).toBe(200);
  });
});
