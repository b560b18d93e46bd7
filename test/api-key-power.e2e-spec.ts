import type { QueryRunner } from 'typeorm';
import { ApiKeyCreatorsFromAudit1796600000000 } from '../migrations/1796600000000-ApiKeyCreatorsFromAudit';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, PASSWORD, signup, SignedUp } from './support/factories';

/**
 * API.md, Auth and API keys: "A key never acts above its creator" — removing a member revokes the keys they created
 * in that workspace in the same transaction, demoting a member caps each of their keys at the new role.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const me = (key: string) => t.http.get('/api/v1/auth/me', { token: key });
const keysOf = async (owner: SignedUp) => {
  const res = await t.http.get('/api/v1/api-keys', { token: owner.token });
  expect(res.status).toBe(200);
  return new Map<string, any>(res.body.data.map((k: any) => [k.id, k]));
};
const auditOf = async (owner: SignedUp, action: string) => {
  const res = await t.http.get(`/api/v1/audit-logs?action=${action}&limit=100`, { token: owner.token });
  expect(res.status).toBe(200);
  return res.body.data as any[];
};

/** The member's own workspace (from their signup) and a token for it. */
async function homeOf(m: SignedUp & { workspaceId: string }) {
  const ws = (await me(m.token)).body.workspaces.find((w: any) => w.id !== m.workspaceId);
  const login = await t.http.post('/api/v1/auth/login', { email: m.email, password: PASSWORD, workspaceId: ws.id });
  expect(login.status).toBe(200);
  return login.body.accessToken as string;
}

describe('removing a member revokes the API keys they created in that workspace', () => {
  it("a removed admin's keys answer 401 at once, keys created with their keys too; others' keys and other workspaces are untouched", async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const adminKey = await createApiKey(t, admin.token, 'admin');
    const memberKey = await createApiKey(t, admin.token, 'member');
    const chainKey = await createApiKey(t, adminKey.key, 'admin'); // made with the admin's key: acts for the admin too
    const ownerKey = await createApiKey(t, owner.token, 'admin');
    const homeKey = await createApiKey(t, await homeOf(admin), 'admin'); // the admin's own workspace
    expect((await keysOf(owner)).get(chainKey.id)?.createdBy).toMatchObject({ id: admin.userId, email: admin.email });
    for (const k of [adminKey, memberKey, chainKey, ownerKey, homeKey]) expect((await me(k.key)).status).toBe(200);

    expect((await t.http.delete(`/api/v1/team/members/${admin.memberId}`, { token: owner.token })).status).toBe(204);

    for (const k of [adminKey, memberKey, chainKey]) expectProblem(await me(k.key), 401, 'unauthenticated');
    expect((await me(ownerKey.key)).status).toBe(200);
    expect((await me(homeKey.key)).status).toBe(200);
    expect([...(await keysOf(owner)).keys()]).toEqual([ownerKey.id]);

    const revoked = await auditOf(owner, 'api_key.revoked');
    expect(revoked.map((e) => e.targetId).sort()).toEqual([adminKey.id, memberKey.id, chainKey.id].sort());
    for (const e of revoked) {
      expect(e).toMatchObject({
        actor: { type: 'user', id: owner.userId },
        targetType: 'api_key',
        ip: expect.any(String),
        metadata: { reason: 'member_removed', memberId: admin.memberId, userId: admin.userId, name: expect.any(String) },
      });
    }
    const [removed] = await auditOf(owner, 'member.removed');
    expect(removed).toMatchObject({ targetId: admin.memberId });
    // one transaction: the membership and the keys changed at the same instant
    const [row] = await t.sql<{ same: boolean }>(
      `SELECT bool_and(k.revoked_at = m.removed_at) AS same FROM api_keys k JOIN team_members m ON m.user_id = k.created_by
        WHERE m.id = $1 AND k.workspace_id = m.workspace_id`,
      [admin.memberId],
    );
    expect(row.same).toBe(true);
  });

  it('a reactivated member gets their session back, not their revoked keys', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const key = await createApiKey(t, admin.token, 'admin');
    expect((await t.http.delete(`/api/v1/team/members/${admin.memberId}`, { token: owner.token })).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/workspace', { token: admin.token }), 403, 'forbidden');

    const res = await t.http.post(`/api/v1/team/members/${admin.memberId}/reactivate`, undefined, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', role: 'admin' });
    expect((await t.http.get('/api/v1/workspace', { token: admin.token })).status).toBe(200);
    expectProblem(await me(key.key), 401, 'unauthenticated');
    expect((await keysOf(owner)).has(key.id)).toBe(false);
    // a key made after coming back works, and the old one stays revoked
    const fresh = await createApiKey(t, admin.token, 'admin');
    expect((await me(fresh.key)).status).toBe(200);
    expectProblem(await me(key.key), 401, 'unauthenticated');
  });

  it('keys created with keys before this rule get their user from the audit log (migration), then follow them', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const parent = await createApiKey(t, admin.token, 'admin');
    const child = await createApiKey(t, parent.key, 'admin');
    const grandchild = await createApiKey(t, child.key, 'member');
    const ownerChild = await createApiKey(t, await createApiKey(t, owner.token, 'admin').then((k) => k.key), 'member');
    const ids = [child.id, grandchild.id, ownerChild.id];
    await t.sql(`UPDATE api_keys SET created_by = NULL WHERE id = ANY($1::uuid[])`, [ids]); // as they were stored before
    const runner = { query: (text: string, params?: unknown[]) => t.sql(text, params) } as unknown as QueryRunner;
    await new ApiKeyCreatorsFromAudit1796600000000().up(runner);
    const rows = await t.sql<{ id: string; created_by: string }>('SELECT id, created_by FROM api_keys WHERE id = ANY($1::uuid[])', [ids]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.created_by]))).toEqual({
      [child.id]: admin.userId,
      [grandchild.id]: admin.userId,
      [ownerChild.id]: owner.userId,
    });
    expect((await t.http.delete(`/api/v1/team/members/${admin.memberId}`, { token: owner.token })).status).toBe(204);
    for (const k of [parent, child, grandchild]) expectProblem(await me(k.key), 401, 'unauthenticated');
  });

  it('a refused removal (last owner) leaves the keys alone', async () => {
    const owner = await signup(t);
    const key = await createApiKey(t, owner.token, 'owner');
    const [{ id }] = await t.sql<{ id: string }>('SELECT id FROM team_members WHERE user_id = $1', [owner.userId]);
    expectProblem(await t.http.delete(`/api/v1/team/members/${id}`, { token: owner.token }), 409, 'last_owner');
    expect((await me(key.key)).status).toBe(200);
    expect(await auditOf(owner, 'api_key.revoked')).toEqual([]);
  });
});

describe('demoting a member caps their keys at the new role', () => {
  it("a demoted admin's admin keys become member keys (403 on admin endpoints), audited; lower keys are untouched", async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const adminKey = await createApiKey(t, admin.token, 'admin');
    const chainKey = await createApiKey(t, adminKey.key, 'admin');
    const memberKey = await createApiKey(t, admin.token, 'member');
    const viewerKey = await createApiKey(t, admin.token, 'viewer');
    const ownerKey = await createApiKey(t, owner.token, 'admin');
    expect((await t.http.get('/api/v1/api-keys', { token: adminKey.key })).status).toBe(200);

    const res = await t.http.put(`/api/v1/team/members/${admin.memberId}/role`, { role: 'member' }, { token: owner.token });
    expect(res.status).toBe(200);

    expectProblem(await t.http.get('/api/v1/api-keys', { token: adminKey.key }), 403, 'forbidden');
    expectProblem(
      await t.http.post('/api/v1/team/invite', { email: 'x@example.com', role: 'viewer' }, { token: chainKey.key }),
      403,
      'forbidden',
    );
    expect((await me(adminKey.key)).body).toMatchObject({ apiKey: { id: adminKey.id, role: 'member' }, role: 'member' });
    expect((await t.http.get('/api/v1/team/members', { token: adminKey.key })).status).toBe(200); // still a working member key
    const keys = await keysOf(owner);
    expect(Object.fromEntries([adminKey, chainKey, memberKey, viewerKey, ownerKey].map((k) => [k.id, keys.get(k.id)?.role]))).toEqual({
      [adminKey.id]: 'member',
      [chainKey.id]: 'member',
      [memberKey.id]: 'member',
      [viewerKey.id]: 'viewer',
      [ownerKey.id]: 'admin',
    });

    const capped = await auditOf(owner, 'api_key.role_capped');
    expect(capped.map((e) => e.targetId).sort()).toEqual([adminKey.id, chainKey.id].sort());
    for (const e of capped) {
      expect(e).toMatchObject({
        actor: { type: 'user', id: owner.userId },
        targetType: 'api_key',
        metadata: { before: { role: 'admin' }, after: { role: 'member' }, reason: 'member_role_changed', memberId: admin.memberId },
      });
    }
  });

  it('a promotion raises no key; a further demotion caps again', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const key = await createApiKey(t, admin.token, 'admin');
    const setRole = (role: string) => t.http.put(`/api/v1/team/members/${admin.memberId}/role`, { role }, { token: owner.token });
    expect((await setRole('member')).status).toBe(200);
    expect((await setRole('admin')).status).toBe(200);
    expect((await keysOf(owner)).get(key.id)?.role).toBe('member');
    expect((await setRole('viewer')).status).toBe(200);
    expect((await keysOf(owner)).get(key.id)?.role).toBe('viewer');
    expectProblem(await t.http.post('/api/v1/ingest', { traces: [] }, { token: key.key }), 403, 'forbidden');
    const capped = await auditOf(owner, 'api_key.role_capped');
    expect(capped.map((e) => [e.metadata.before.role, e.metadata.after.role])).toEqual([
      ['member', 'viewer'],
      ['admin', 'member'],
    ]);
  });
});
