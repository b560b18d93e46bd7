import { Role } from '../src/common/auth/roles';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const members = (token: string, query = '') => t.http.get(`/api/v1/team/members${query}`, { token });
const setRole = (token: string, id: string, role: string) => t.http.put(`/api/v1/team/members/${id}/role`, { role }, { token });
const remove = (token: string, id: string) => t.http.delete(`/api/v1/team/members/${id}`, { token });
const reactivate = (token: string, id: string) => t.http.post(`/api/v1/team/members/${id}/reactivate`, undefined, { token });

async function ownerMemberId(owner: SignedUp): Promise<string> {
  const [row] = await t.sql<{ id: string }>('SELECT id FROM team_members WHERE workspace_id = $1 AND user_id = $2', [
    owner.workspaceId,
    owner.userId,
  ]);
  return row.id;
}

async function auditOf(owner: SignedUp, action: string) {
  const res = await t.http.get(`/api/v1/audit-logs?action=${action}`, { token: owner.token });
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

describe('GET /api/v1/team/members', () => {
  it('lists active members oldest first with their user fields; viewers and API keys may read', async () => {
    const owner = await signup(t, { name: 'Owner One' });
    const viewer = await addMember(t, owner, 'viewer');
    const res = await members(viewer.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        {
          id: await ownerMemberId(owner),
          userId: owner.userId,
          email: owner.email,
          name: 'Owner One',
          role: 'owner',
          status: 'active',
          joinedAt: expect.any(String),
          removedAt: null,
          lastActiveAt: null,
        }, // has not used the workspace since signing up
        {
          id: viewer.memberId,
          userId: viewer.userId,
          email: viewer.email,
          name: 'Owner',
          role: 'viewer',
          status: 'active',
          joinedAt: expect.any(String),
          removedAt: null,
          lastActiveAt: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    const key = await createApiKey(t, owner.token, 'viewer');
    expect((await members(key.key)).body.data).toHaveLength(2);
    expectProblem(await t.http.get('/api/v1/team/members'), 401, 'unauthenticated');
  });

  it('filters by status and role, paginates with a cursor, validates the query', async () => {
    const owner = await signup(t);
    const a = await addMember(t, owner, 'admin');
    const b = await addMember(t, owner, 'member');
    const c = await addMember(t, owner, 'member');
    expect((await remove(owner.token, c.memberId)).status).toBe(204);

    expect((await members(owner.token)).body.data.map((m: any) => m.id)).toEqual([await ownerMemberId(owner), a.memberId, b.memberId]);
    const removed = (await members(owner.token, '?status=removed')).body.data;
    expect(removed).toEqual([expect.objectContaining({ id: c.memberId, status: 'removed', removedAt: expect.any(String) })]);
    expect((await members(owner.token, '?role=member')).body.data.map((m: any) => m.id)).toEqual([b.memberId]);
    expect((await members(owner.token, '?role=member&status=removed')).body.data.map((m: any) => m.id)).toEqual([c.memberId]);

    const p1 = await members(owner.token, '?limit=2');
    expect(p1.body.data).toHaveLength(2);
    const p2 = await members(owner.token, `?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body).toEqual({ data: [expect.objectContaining({ id: b.memberId })], nextCursor: null });

    for (const q of ['?status=gone', '?role=root', '?limit=0', '?limit=101', '?cursor=***', '?unknown=1']) {
      expectProblem(await members(owner.token, q), 400, 'validation_failed');
    }
  });

  it("never shows another workspace's members", async () => {
    const a = await signup(t);
    const b = await signup(t);
    await addMember(t, b, 'member');
    const list = (await members(a.token)).body.data;
    expect(list.map((m: any) => m.userId)).toEqual([a.userId]);
  });
});

describe('PUT /api/v1/team/members/:id/role', () => {
  it('an owner changes a role: 200 with the member, one audit entry with before/after', async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'member');
    const res = await setRole(owner.token, m.memberId, 'admin');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.memberId, userId: m.userId, role: 'admin', status: 'active' });
    expect((await t.http.get('/api/v1/api-keys', { token: m.token })).status).toBe(200); // the new role applies at once
    const [entry] = await auditOf(owner, 'member.role_changed');
    expect(entry).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      targetType: 'member',
      targetId: m.memberId,
      ip: expect.any(String),
      metadata: { before: { role: 'member' }, after: { role: 'admin' } },
    });
    // setting the same role again changes nothing and writes nothing
    expect((await setRole(owner.token, m.memberId, 'admin')).status).toBe(200);
    expect(await auditOf(owner, 'member.role_changed')).toHaveLength(1);
  });

  it('nobody grants a role above their own; only an owner grants or takes away owner', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const m = await addMember(t, owner, 'member');
    const otherOwner = await addMember(t, owner, 'owner');
    expectProblem(await setRole(admin.token, m.memberId, 'owner'), 403, 'forbidden');
    expectProblem(await setRole(admin.token, admin.memberId, 'owner'), 403, 'forbidden'); // not even themselves
    expectProblem(await setRole(admin.token, otherOwner.memberId, 'admin'), 403, 'forbidden');
    const adminKey = await createApiKey(t, owner.token, 'admin');
    expectProblem(await setRole(adminKey.key, m.memberId, 'owner'), 403, 'forbidden');
    expect((await setRole(admin.token, m.memberId, 'admin')).status).toBe(200); // up to their own role
    expect((await setRole(adminKey.key, m.memberId, 'viewer')).status).toBe(200);
    expect((await setRole(owner.token, m.memberId, 'owner')).status).toBe(200);
    const ownerKey = await createApiKey(t, owner.token, 'owner');
    expect((await setRole(ownerKey.key, m.memberId, 'member')).status).toBe(200);
    const [entry] = await auditOf(owner, 'member.role_changed');
    expect(entry.actor).toEqual({ type: 'api_key', id: ownerKey.id });
  });

  it('viewers and members get 403 (users and API keys) and nothing changes', async () => {
    const owner = await signup(t);
    const target = await addMember(t, owner, 'viewer');
    for (const role of ['viewer', 'member'] as Role[]) {
      expectProblem(await setRole((await addMember(t, owner, role)).token, target.memberId, 'viewer'), 403, 'forbidden');
      expectProblem(await setRole((await createApiKey(t, owner.token, role)).key, target.memberId, 'member'), 403, 'forbidden');
    }
    const me = await addMember(t, owner, 'member');
    expectProblem(await setRole(me.token, me.memberId, 'admin'), 403, 'forbidden'); // no self-promotion
    expect((await members(owner.token, '?role=viewer')).body.data.map((x: any) => x.id)).toContain(target.memberId);
    expect(await auditOf(owner, 'member.role_changed')).toHaveLength(0);
  });

  it('the last active owner cannot be demoted (409 last_owner); with two owners one can be', async () => {
    const owner = await signup(t);
    const self = await ownerMemberId(owner);
    expectProblem(await setRole(owner.token, self, 'admin'), 409, 'last_owner');
    const second = await addMember(t, owner, 'owner');
    // a removed owner does not count as an owner
    expect((await remove(owner.token, second.memberId)).status).toBe(204);
    expectProblem(await setRole(owner.token, self, 'admin'), 409, 'last_owner');
    expect((await reactivate(owner.token, second.memberId)).status).toBe(200);
    expect((await setRole(owner.token, self, 'admin')).status).toBe(200);
    expectProblem(await setRole(second.token, second.memberId, 'member'), 409, 'last_owner');
  });

  it('two owners demoting each other at the same time: one succeeds, one gets last_owner', async () => {
    const owner = await signup(t);
    const second = await addMember(t, owner, 'owner');
    const self = await ownerMemberId(owner);
    const results = await Promise.all([setRole(owner.token, second.memberId, 'admin'), setRole(second.token, self, 'admin')]);
    // the loser either passed the guard as an owner and met the lock (409 last_owner), or was already demoted (403)
    const statuses = results.map((r) => r.status).sort();
    expect([
      [200, 403],
      [200, 409],
    ]).toContainEqual(statuses);
    const loser = results.find((r) => r.status !== 200)!;
    expect(loser.body.code).toBe(loser.status === 409 ? 'last_owner' : 'forbidden');
    const [{ n }] = await t.sql<{ n: string }>(
      `SELECT count(*) AS n FROM team_members WHERE workspace_id = $1 AND role = 'owner' AND status = 'active'`,
      [owner.workspaceId],
    );
    expect(Number(n)).toBe(1);
  });

  it("validates the body (400); 404 for another workspace's member or a non-uuid; 409 for a removed member", async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'member');
    expectProblem(await setRole(owner.token, m.memberId, 'root'), 400, 'validation_failed');
    expectProblem(await t.http.put(`/api/v1/team/members/${m.memberId}/role`, {}, { token: owner.token }), 400, 'validation_failed');
    expectProblem(
      await t.http.put(`/api/v1/team/members/${m.memberId}/role`, { role: 'admin', status: 'active' }, { token: owner.token }),
      400,
      'validation_failed',
    );
    const other = await signup(t);
    expectProblem(await setRole(other.token, m.memberId, 'viewer'), 404, 'not_found');
    expectProblem(await setRole(owner.token, 'abc', 'viewer'), 404, 'not_found');
    expectProblem(await setRole(owner.token, '00000000-0000-4000-8000-000000000000', 'viewer'), 404, 'not_found');
    expect((await remove(owner.token, m.memberId)).status).toBe(204);
    expectProblem(await setRole(owner.token, m.memberId, 'viewer'), 409, 'conflict');
  });
});

describe('DELETE /api/v1/team/members/:id', () => {
  it("soft-deletes: 204, the member's token is refused at once, shown as removed, one audit entry", async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'member');
    const key = await createApiKey(t, owner.token, 'admin');
    expect((await t.http.get('/api/v1/workspace', { token: m.token })).status).toBe(200);
    expect((await remove(key.key, m.memberId)).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/workspace', { token: m.token }), 403, 'forbidden');
    const [row] = await t.sql<{ status: string; removed_at: Date }>('SELECT status, removed_at FROM team_members WHERE id = $1', [
      m.memberId,
    ]);
    expect(row.status).toBe('removed');
    expect(row.removed_at).not.toBeNull();
    const [entry] = await auditOf(owner, 'member.removed');
    expect(entry).toMatchObject({
      actor: { type: 'api_key', id: key.id },
      targetId: m.memberId,
      metadata: { userId: m.userId, role: 'member', before: { status: 'active' }, after: { status: 'removed' } },
    });
    expectProblem(await remove(owner.token, m.memberId), 404, 'not_found'); // already removed
  });

  it('admins cannot remove owners (403); the last active owner cannot be removed (409)', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const self = await ownerMemberId(owner);
    expectProblem(await remove(admin.token, self), 403, 'forbidden');
    expectProblem(await remove(owner.token, self), 409, 'last_owner');
    const second = await addMember(t, owner, 'owner');
    expect((await remove(second.token, self)).status).toBe(204);
    expectProblem(await remove(second.token, second.memberId), 409, 'last_owner');
    expect((await remove(admin.token, admin.memberId)).status).toBe(204); // an admin may leave
  });

  it("viewers and members get 403; another workspace's member is 404", async () => {
    const owner = await signup(t);
    const target = await addMember(t, owner, 'viewer');
    for (const role of ['viewer', 'member'] as Role[]) {
      expectProblem(await remove((await addMember(t, owner, role)).token, target.memberId), 403, 'forbidden');
      expectProblem(await remove((await createApiKey(t, owner.token, role)).key, target.memberId), 403, 'forbidden');
    }
    expectProblem(await remove((await signup(t)).token, target.memberId), 404, 'not_found');
    expectProblem(await remove(owner.token, 'not-a-uuid'), 404, 'not_found');
    expect((await t.http.get('/api/v1/workspace', { token: target.token })).status).toBe(200);
  });
});

describe('POST /api/v1/team/members/:id/reactivate', () => {
  it("reactivates with the role kept; the member's existing session works again; one audit entry", async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'admin');
    expect((await remove(owner.token, m.memberId)).status).toBe(204);
    expectProblem(await t.http.get('/api/v1/workspace', { token: m.token }), 403, 'forbidden');
    const res = await reactivate(owner.token, m.memberId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.memberId, role: 'admin', status: 'active', removedAt: null });
    expect((await t.http.get('/api/v1/api-keys', { token: m.token })).status).toBe(200);
    const [entry] = await auditOf(owner, 'member.reactivated');
    expect(entry).toMatchObject({
      targetId: m.memberId,
      metadata: { role: 'admin', before: { status: 'removed' }, after: { status: 'active' } },
    });
    expectProblem(await reactivate(owner.token, m.memberId), 409, 'conflict'); // already active
  });

  it('seats apply: 402 when active members + pending invitations fill the plan', async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'member');
    expect((await remove(owner.token, m.memberId)).status).toBe(204);
    for (let i = 0; i < 4; i++) {
      expect(
        (
          await t.http.post(
            '/api/v1/team/invite',
            { email: `seat-${i}-${m.memberId.slice(0, 8)}@example.com`, role: 'viewer' },
            { token: owner.token },
          )
        ).status,
      ).toBe(201);
    }
    const full = await reactivate(owner.token, m.memberId);
    expectProblem(full, 402, 'plan_limit_exceeded');
    expect(full.body.detail).toContain('5');
    const [pending] = (await t.http.get('/api/v1/team/invitations', { token: owner.token })).body.data;
    expect((await t.http.delete(`/api/v1/team/invitations/${pending.id}`, { token: owner.token })).status).toBe(204);
    expect((await reactivate(owner.token, m.memberId)).status).toBe(200);
  });

  it('only an owner reactivates an owner; viewers/members 403; other workspace 404', async () => {
    const owner = await signup(t);
    const second = await addMember(t, owner, 'owner');
    const admin = await addMember(t, owner, 'admin');
    expect((await remove(owner.token, second.memberId)).status).toBe(204);
    expectProblem(await reactivate(admin.token, second.memberId), 403, 'forbidden');
    for (const role of ['viewer', 'member'] as Role[]) {
      expectProblem(await reactivate((await addMember(t, owner, role)).token, second.memberId), 403, 'forbidden');
      expectProblem(await reactivate((await createApiKey(t, owner.token, role)).key, second.memberId), 403, 'forbidden');
    }
    expectProblem(await reactivate((await createApiKey(t, owner.token, 'admin')).key, second.memberId), 403, 'forbidden');
    expectProblem(await reactivate((await signup(t)).token, second.memberId), 404, 'not_found');
    expect((await reactivate(owner.token, second.memberId)).status).toBe(200);
  });
});
