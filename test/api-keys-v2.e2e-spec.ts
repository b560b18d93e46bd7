import { span } from './ingestion.helpers';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp } from './support/factories';

/**
 * API.md, Auth and API keys — keys v2 (issue 23 item 1): `scope` (full | ingest), `expiresAt`, and
 * POST /api/v1/api-keys/:id/rotate with a grace period; expired and post-grace keys answer 401 saying why.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const me = (key: string) => t.http.get('/api/v1/auth/me', { token: key });
const ingest = (key: string) => t.http.post('/api/v1/ingest', { spans: [span()] }, { token: key });
const otlp = (key: string) => t.http.post('/v1/traces', { resourceSpans: [] }, { headers: { 'x-api-key': key } });
const inHour = () => new Date(Date.now() + 3600_000).toISOString();
const listOf = async (owner: SignedUp) => {
  const res = await t.http.get('/api/v1/api-keys', { token: owner.token });
  expect(res.status).toBe(200);
  return new Map<string, any>(res.body.data.map((k: any) => [k.id, k]));
};
const rotate = (owner: SignedUp, id: string, body: unknown = {}, token = owner.token) =>
  t.http.post(`/api/v1/api-keys/${id}/rotate`, body, { token });

describe('scope', () => {
  it('creates full keys by default; an ingest key may only ingest (REST and OTLP), anything else is 403', async () => {
    const owner = await signup(t);
    const full = await t.http.post('/api/v1/api-keys', { name: 'full' }, { token: owner.token });
    expect(full.status).toBe(201);
    expect(full.body).toMatchObject({ scope: 'full', role: 'member', expiresAt: null });

    const created = await t.http.post('/api/v1/api-keys', { name: 'ci', scope: 'ingest' }, { token: owner.token });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'member', scope: 'ingest', expiresAt: null });
    expect(created.headers.get('cache-control')).toBe('no-store');
    const key = created.body.key as string;

    expect((await ingest(key)).status).toBe(200);
    expect((await otlp(key)).status).toBe(200);
    expect((await t.http.post('/api/v1/otel/v1/traces', { resourceSpans: [] }, { token: key })).status).toBe(200);
    for (const res of [
      await me(key),
      await t.http.get('/api/v1/traces', { token: key }),
      await t.http.get('/api/v1/workspace', { token: key }),
      await t.http.get('/api/v1/team/members', { token: key }),
    ]) {
      expectProblem(res, 403, 'forbidden');
      expect(res.body.detail).toMatch(/only send telemetry/);
    }
    // the full member key reads what a member reads
    expect((await t.http.get('/api/v1/traces', { token: full.body.key })).status).toBe(200);
    expect((await listOf(owner)).get(created.body.id)).toMatchObject({
      scope: 'ingest',
      role: 'member',
      expiresAt: null,
      graceEndsAt: null,
    });
  });

  it('validates scope and role: unknown scope 400, an ingest key with a role other than member 400', async () => {
    const owner = await signup(t);
    expectProblem(await t.http.post('/api/v1/api-keys', { name: 'x', scope: 'read' }, { token: owner.token }), 400, 'validation_failed');
    for (const role of ['viewer', 'admin', 'owner']) {
      const res = await t.http.post('/api/v1/api-keys', { name: 'x', scope: 'ingest', role }, { token: owner.token });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual([{ field: 'role', message: 'an ingest key has the member role' }]);
    }
    expect((await t.http.post('/api/v1/api-keys', { name: 'x', scope: 'ingest', role: 'member' }, { token: owner.token })).status).toBe(
      201,
    );
  });
});

describe('expiry', () => {
  it('accepts a future expiresAt, refuses a past or malformed one (400)', async () => {
    const owner = await signup(t);
    const at = inHour();
    const ok = await t.http.post('/api/v1/api-keys', { name: 'x', expiresAt: at }, { token: owner.token });
    expect(ok.status).toBe(201);
    expect(ok.body.expiresAt).toBe(at);
    expect((await listOf(owner)).get(ok.body.id).expiresAt).toBe(at);
    expect((await me(ok.body.key)).status).toBe(200);

    const past = await t.http.post(
      '/api/v1/api-keys',
      { name: 'x', expiresAt: new Date(Date.now() - 1000).toISOString() },
      { token: owner.token },
    );
    expectProblem(past, 400, 'validation_failed');
    expect(past.body.errors).toEqual([{ field: 'expiresAt', message: 'must be in the future' }]);
    for (const bad of ['tomorrow', '2030-13-01T00:00:00Z', 42, '', 'x'.repeat(41)]) {
      expectProblem(await t.http.post('/api/v1/api-keys', { name: 'x', expiresAt: bad }, { token: owner.token }), 400, 'validation_failed');
    }
  });

  it('an expired key answers 401 saying it expired, on every route including ingest; it stays listed', async () => {
    const owner = await signup(t);
    const res = await t.http.post('/api/v1/api-keys', { name: 'x', expiresAt: inHour() }, { token: owner.token });
    const ingestKey = await t.http.post('/api/v1/api-keys', { name: 'y', scope: 'ingest', expiresAt: inHour() }, { token: owner.token });
    await t.sql(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [
      [res.body.id, ingestKey.body.id],
    ]);
    for (const r of [await me(res.body.key), await ingest(ingestKey.body.key)]) {
      expectProblem(r, 401, 'unauthenticated');
      expect(r.body.detail).toMatch(/^This API key expired at \d{4}-/);
    }
    const otlpRes = await otlp(ingestKey.body.key);
    expect(otlpRes.status).toBe(401);
    expect((await listOf(owner)).has(res.body.id)).toBe(true);
  });

  it('a revoked key answers 401 saying it was revoked', async () => {
    const owner = await signup(t);
    const key = await createApiKey(t, owner.token, 'member');
    expect((await t.http.delete(`/api/v1/api-keys/${key.id}`, { token: owner.token })).status).toBe(204);
    const res = await me(key.key);
    expectProblem(res, 401, 'unauthenticated');
    expect(res.body.detail).toBe('This API key has been revoked');
    const unknown = await me(`${key.key.slice(0, -4)}AAAA`);
    expectProblem(unknown, 401, 'unauthenticated');
    expect(unknown.body.detail).toBe('The credential is invalid, expired or revoked');
  });
});

describe('rotation', () => {
  it("gives a new key with the old one's name, role, scope and expiry; the old one works until graceEndsAt (listed), audit api_key.rotated", async () => {
    const owner = await signup(t);
    const expiresAt = inHour();
    const old = await t.http.post('/api/v1/api-keys', { name: 'prod ingest', scope: 'ingest', expiresAt }, { token: owner.token });
    const before = Date.now();
    const res = await rotate(owner, old.body.id, { gracePeriodSeconds: 600 });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(old.body).sort());
    expect(res.body).toMatchObject({ name: 'prod ingest', role: 'member', scope: 'ingest', expiresAt });
    expect(res.body.id).not.toBe(old.body.id);
    expect(res.body.key).toMatch(/^ao_sk_/);
    expect(res.body.key).not.toBe(old.body.key);

    // both work during the grace period
    expect((await ingest(old.body.key)).status).toBe(200);
    expect((await ingest(res.body.key)).status).toBe(200);

    const list = await listOf(owner);
    const graceEndsAt = Date.parse(list.get(old.body.id).graceEndsAt);
    expect(graceEndsAt).toBeGreaterThanOrEqual(before + 600_000 - 1000);
    expect(graceEndsAt).toBeLessThanOrEqual(Date.now() + 600_000 + 1000);
    expect(list.get(res.body.id)).toMatchObject({ scope: 'ingest', graceEndsAt: null, expiresAt, createdBy: { id: owner.userId } });

    const audit = await t.http.get('/api/v1/audit-logs?action=api_key.rotated', { token: owner.token });
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({
      action: 'api_key.rotated',
      targetType: 'api_key',
      targetId: old.body.id,
      actor: { type: 'user', id: owner.userId },
      metadata: { name: 'prod ingest', prefix: old.body.prefix, replacementId: res.body.id, gracePeriodSeconds: 600 },
    });
    expect(JSON.stringify(audit.body)).not.toContain(res.body.key);

    // the grace period ends: 401 saying so, and the old key leaves the list
    await t.sql(`UPDATE api_keys SET grace_ends_at = now() - interval '1 second' WHERE id = $1`, [old.body.id]);
    const after = await ingest(old.body.key);
    expectProblem(after, 401, 'unauthenticated');
    expect(after.body.detail).toMatch(/rotated and its grace period ended at .*use its replacement/);
    expect((await ingest(res.body.key)).status).toBe(200);
    expect((await listOf(owner)).has(old.body.id)).toBe(false);
  });

  it('defaults to a 3600 s grace; 0 stops the old key at once; the body may be absent', async () => {
    const owner = await signup(t);
    const a = await createApiKey(t, owner.token, 'admin');
    const before = Date.now();
    const res = await t.http.post(`/api/v1/api-keys/${a.id}/rotate`, undefined, { token: owner.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ role: 'admin', scope: 'full', expiresAt: null });
    const grace = Date.parse((await listOf(owner)).get(a.id).graceEndsAt) - before;
    expect(grace).toBeGreaterThan(3600_000 - 2000);
    expect(grace).toBeLessThan(3600_000 + 2000);

    const b = await createApiKey(t, owner.token, 'member');
    expect((await rotate(owner, b.id, { gracePeriodSeconds: 0 })).status).toBe(201);
    const refused = await me(b.key);
    expectProblem(refused, 401, 'unauthenticated');
    expect(refused.body.detail).toMatch(/grace period ended/);
  });

  it('validates gracePeriodSeconds (0..86400, integer, no other fields) and the id', async () => {
    const owner = await signup(t);
    const k = await createApiKey(t, owner.token, 'member');
    for (const body of [
      { gracePeriodSeconds: -1 },
      { gracePeriodSeconds: 86401 },
      { gracePeriodSeconds: 1.5 },
      { gracePeriodSeconds: '60' },
      { grace: 1 },
      [1],
    ]) {
      expectProblem(await rotate(owner, k.id, body), 400, 'validation_failed');
    }
    expect((await rotate(owner, k.id, { gracePeriodSeconds: 86400 })).status).toBe(201);
    expectProblem(await rotate(owner, 'not-a-uuid'), 404, 'not_found');
    expectProblem(await rotate(owner, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
  });

  it('404 for a revoked key or one of another workspace; 409 for a key already rotated or expired', async () => {
    const owner = await signup(t);
    const other = await signup(t);
    const foreign = await createApiKey(t, other.token, 'member');
    expectProblem(await rotate(owner, foreign.id), 404, 'not_found');
    expect((await me(foreign.key)).status).toBe(200);

    const revoked = await createApiKey(t, owner.token, 'member');
    await t.http.delete(`/api/v1/api-keys/${revoked.id}`, { token: owner.token });
    expectProblem(await rotate(owner, revoked.id), 404, 'not_found');

    const twice = await createApiKey(t, owner.token, 'member');
    expect((await rotate(owner, twice.id)).status).toBe(201);
    const again = await rotate(owner, twice.id);
    expectProblem(again, 409, 'conflict');
    expect(again.body.detail).toMatch(/already rotated/);

    const expired = await t.http.post('/api/v1/api-keys', { name: 'x', expiresAt: inHour() }, { token: owner.token });
    await t.sql(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.body.id]);
    const res = await rotate(owner, expired.body.id);
    expectProblem(res, 409, 'conflict');
    expect(res.body.detail).toMatch(/expired/);
  });

  it('admin+ only (403 for members, viewers and their keys; 403 for an ingest key); an admin cannot rotate an owner key', async () => {
    const owner = await signup(t);
    const target = await createApiKey(t, owner.token, 'viewer');
    const member = await addMember(t, owner, 'member');
    const memberKey = await createApiKey(t, owner.token, 'member');
    const ingestKey = (await t.http.post('/api/v1/api-keys', { name: 'i', scope: 'ingest' }, { token: owner.token })).body.key;
    for (const token of [member.token, memberKey.key, ingestKey])
      expectProblem(await rotate(owner, target.id, {}, token), 403, 'forbidden');
    expectProblem(await t.http.post(`/api/v1/api-keys/${target.id}/rotate`, {}), 401, 'unauthenticated');

    const admin = await addMember(t, owner, 'admin');
    const ownerKey = await createApiKey(t, owner.token, 'owner');
    expectProblem(await rotate(owner, ownerKey.id, {}, admin.token), 403, 'forbidden');
    expect((await me(ownerKey.key)).status).toBe(200);
    expect((await rotate(owner, target.id, {}, admin.token)).status).toBe(201);
  });

  it('is idempotent with Idempotency-Key: the replay returns the same key, one rotation happens', async () => {
    const owner = await signup(t);
    const k = await createApiKey(t, owner.token, 'member');
    const headers = { 'idempotency-key': `rot-${k.id}` };
    const first = await t.http.post(`/api/v1/api-keys/${k.id}/rotate`, {}, { token: owner.token, headers });
    const second = await t.http.post(`/api/v1/api-keys/${k.id}/rotate`, {}, { token: owner.token, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM api_keys WHERE name = 'member key' AND workspace_id = $1`, [
      owner.workspaceId,
    ]);
    expect(n).toBe(2);
  });

  it("the replacement acts for the old key's user: removing them revokes both", async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const k = await createApiKey(t, admin.token, 'member');
    const res = await rotate(owner, k.id);
    expect((await listOf(owner)).get(res.body.id).createdBy).toMatchObject({ id: admin.userId });
    expect((await t.http.delete(`/api/v1/team/members/${admin.memberId}`, { token: owner.token })).status).toBe(204);
    expectProblem(await me(res.body.key), 401, 'unauthenticated');
    expectProblem(await me(k.key), 401, 'unauthenticated');
  });
});
