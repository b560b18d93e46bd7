import { Role } from '../src/common/auth/roles';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, uniqueEmail } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const logs = (token: string, query = '') => t.http.get(`/api/v1/audit-logs${query}`, { token });

describe('GET /api/v1/audit-logs', () => {
  it('is admin+: 401 without a credential, 403 for viewers and members (users and API keys)', async () => {
    const owner = await signup(t);
    expectProblem(await t.http.get('/api/v1/audit-logs'), 401, 'unauthenticated');
    for (const role of ['viewer', 'member'] as Role[]) {
      expectProblem(await logs((await addMember(t, owner, role)).token), 403, 'forbidden');
      expectProblem(await logs((await createApiKey(t, owner.token, role)).key), 403, 'forbidden');
    }
    expect((await logs(owner.token)).status).toBe(200);
    expect((await logs((await addMember(t, owner, 'admin')).token)).status).toBe(200);
    expect((await logs((await createApiKey(t, owner.token, 'admin')).key)).status).toBe(200);
  });

  it('lists entries newest first with actor, target, metadata, ip and time', async () => {
    const owner = await signup(t);
    const key = await createApiKey(t, owner.token, 'admin');
    expect((await t.http.put('/api/v1/workspace', { name: 'Renamed' }, { token: key.key })).status).toBe(200);
    const res = await logs(owner.token);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data.map((e: any) => e.action)).toEqual(['workspace.updated', 'api_key.created']);
    expect(res.body.data[0]).toEqual({
      id: expect.any(String),
      action: 'workspace.updated',
      actor: { type: 'api_key', id: key.id },
      targetType: 'workspace',
      targetId: owner.workspaceId,
      metadata: { before: { name: 'Acme' }, after: { name: 'Renamed' } },
      ip: '127.0.0.1',
      createdAt: expect.any(String),
    });
    expect(res.body.data[1]).toMatchObject({
      actor: { type: 'user', id: owner.userId },
      targetType: 'api_key',
      targetId: key.id,
      metadata: { name: 'admin key', role: 'admin', prefix: expect.stringMatching(/^ao_sk_/) },
    });
  });

  it('records every change through the API: members, roles, invitations, API keys, workspace', async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'member');
    const key = await createApiKey(t, owner.token, 'member');
    const inv = (await t.http.post('/api/v1/team/invite', { email: uniqueEmail(), role: 'viewer' }, { token: owner.token })).body;
    expect((await t.http.post(`/api/v1/team/invitations/${inv.id}/resend`, undefined, { token: owner.token })).status).toBe(200);
    expect((await t.http.delete(`/api/v1/team/invitations/${inv.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.http.put(`/api/v1/team/members/${m.memberId}/role`, { role: 'admin' }, { token: owner.token })).status).toBe(200);
    expect((await t.http.delete(`/api/v1/team/members/${m.memberId}`, { token: owner.token })).status).toBe(204);
    expect((await t.http.post(`/api/v1/team/members/${m.memberId}/reactivate`, undefined, { token: owner.token })).status).toBe(200);
    expect((await t.http.delete(`/api/v1/api-keys/${key.id}`, { token: owner.token })).status).toBe(204);
    expect((await t.http.put('/api/v1/workspace', { timezone: 'Europe/Kyiv' }, { token: owner.token })).status).toBe(200);
    const res = await logs(owner.token, '?limit=100');
    expect(res.body.data.map((e: any) => [e.action, e.targetId])).toEqual([
      ['workspace.updated', owner.workspaceId],
      ['api_key.revoked', key.id],
      ['member.reactivated', m.memberId],
      ['member.removed', m.memberId],
      ['member.role_changed', m.memberId],
      ['invitation.cancelled', inv.id],
      ['invitation.resent', inv.id],
      ['invitation.created', inv.id],
      ['api_key.created', key.id],
    ]);
    for (const e of res.body.data) expect(e).toMatchObject({ actor: { type: 'user', id: owner.userId }, ip: '127.0.0.1' });
  });

  it('filters by ?action= and ?actorId= (users and API keys) and validates them', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const key = await createApiKey(t, admin.token, 'member');
    await t.http.put('/api/v1/workspace', { name: 'By owner' }, { token: owner.token });
    await t.http.put('/api/v1/workspace', { name: 'By admin' }, { token: admin.token });
    const adminKey = await createApiKey(t, owner.token, 'admin');
    await t.http.put('/api/v1/workspace', { name: 'By key' }, { token: adminKey.key });

    expect((await logs(owner.token, '?action=workspace.updated')).body.data.map((e: any) => e.metadata.after.name)).toEqual([
      'By key',
      'By admin',
      'By owner',
    ]);
    expect((await logs(owner.token, `?actorId=${admin.userId}`)).body.data.map((e: any) => e.action)).toEqual([
      'workspace.updated',
      'api_key.created',
    ]);
    expect((await logs(owner.token, `?actorId=${admin.userId}&action=api_key.created`)).body.data.map((e: any) => e.targetId)).toEqual([
      key.id,
    ]);
    expect((await logs(owner.token, `?actorId=${adminKey.id}`)).body.data).toEqual([
      expect.objectContaining({ actor: { type: 'api_key', id: adminKey.id } }),
    ]);
    expect((await logs(owner.token, '?action=member.removed')).body.data).toEqual([]);

    for (const q of [
      '?action=DROP',
      '?action=' + 'a.'.repeat(40),
      '?actorId=not-a-uuid',
      '?limit=0',
      '?limit=101',
      '?cursor=!!',
      '?foo=bar',
    ]) {
      expectProblem(await logs(owner.token, q), 400, 'validation_failed');
    }
  });

  it('pages with a cursor through every entry exactly once, newest first', async () => {
    const owner = await signup(t);
    for (let i = 0; i < 7; i++) await t.http.put('/api/v1/workspace', { name: `Name ${i}` }, { token: owner.token });
    const all = (await logs(owner.token, '?limit=100')).body.data.map((e: any) => e.id);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: any = await logs(owner.token, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((e: any) => e.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
    const names = (await logs(owner.token, '?limit=100')).body.data.map((e: any) => e.metadata.after.name);
    expect(names).toEqual(['Name 6', 'Name 5', 'Name 4', 'Name 3', 'Name 2', 'Name 1', 'Name 0']);
  });

  it("shows only the caller's workspace, whatever the filter", async () => {
    const a = await signup(t);
    const b = await signup(t);
    await t.http.put('/api/v1/workspace', { name: 'B changed' }, { token: b.token });
    expect((await logs(a.token)).body.data).toEqual([]);
    expect((await logs(a.token, `?actorId=${b.userId}`)).body.data).toEqual([]);
    expect((await logs(b.token)).body.data).toHaveLength(1);
  });

  it('never holds a secret: no API key, access token, password or invitation token digest', async () => {
    const owner = await signup(t);
    const key = await createApiKey(t, owner.token, 'admin');
    await t.http.post('/api/v1/team/invite', { email: uniqueEmail(), role: 'member' }, { token: key.key });
    const inv = (
      await t.sql<{ id: string; token_digest: string }>('SELECT id, token_digest FROM invitations WHERE workspace_id = $1', [
        owner.workspaceId,
      ])
    )[0];
    await t.http.post(`/api/v1/team/invitations/${inv.id}/resend`, undefined, { token: owner.token });
    const [after] = await t.sql<{ token_digest: string }>('SELECT token_digest FROM invitations WHERE id = $1', [inv.id]);
    const [user] = await t.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [owner.userId]);
    const text = (await logs(owner.token, '?limit=100')).text;
    expect(JSON.parse(text).data.length).toBeGreaterThanOrEqual(3);
    for (const secret of [key.key, owner.token, owner.password, user.password_hash, inv.token_digest, after.token_digest]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/"(token|tokenDigest|key|password|secret)"/i);
  });

  it('a change that fails writes no entry (same transaction)', async () => {
    const a = await signup(t);
    const b = await signup(t);
    const slug = (await t.http.get('/api/v1/workspace', { token: a.token })).body.slug;
    expectProblem(await t.http.put('/api/v1/workspace', { slug, name: 'x' }, { token: b.token }), 409, 'conflict');
    expect((await logs(b.token)).body.data).toEqual([]);
  });
});
