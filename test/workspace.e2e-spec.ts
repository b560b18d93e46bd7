import Redis from 'ioredis';
import { Role } from '../src/common/auth/roles';
import { REDIS } from '../src/common/redis/redis.module';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, signup, SignedUp } from './support/factories';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t.close();
});

const put = (token: string, body: unknown) => t.http.put('/api/v1/workspace', body, { token });
const get = (token: string) => t.http.get('/api/v1/workspace', { token });

async function updates(owner: SignedUp) {
  const res = await t.http.get('/api/v1/audit-logs?action=workspace.updated', { token: owner.token });
  expect(res.status).toBe(200);
  return res.body.data as any[];
}

describe('GET /api/v1/workspace', () => {
  it("returns the caller's workspace to every role, users and API keys alike", async () => {
    const owner = await signup(t, { workspaceName: 'Acme AI' });
    const expected = {
      id: owner.workspaceId,
      name: 'Acme AI',
      slug: expect.stringMatching(/^acme-ai-[0-9a-f]{6}$/),
      timezone: 'UTC',
      settings: { retentionDays: 30, piiMasking: false, samplingRate: 1 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    };
    const res = await get(owner.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expected);
    for (const role of ['viewer', 'member', 'admin'] as Role[]) {
      expect((await get((await addMember(t, owner, role)).token)).body).toEqual(res.body);
    }
    for (const role of ['viewer', 'member', 'admin', 'owner'] as Role[]) {
      expect((await get((await createApiKey(t, owner.token, role)).key)).body).toEqual(res.body);
    }
    expectProblem(await t.http.get('/api/v1/workspace'), 401, 'unauthenticated');
  });

  it('is served from the Redis cache and invalidated by an update', async () => {
    const owner = await signup(t, { workspaceName: 'Cached' });
    expect((await get(owner.token)).body.name).toBe('Cached');
    const redis = t.app.get<Redis>(REDIS);
    expect(await redis.get(`${t.config.redisPrefix}:cache:workspace:${owner.workspaceId}`)).toContain('"name":"Cached"');
    // a change behind the API's back is not seen while cached…
    await t.sql(`UPDATE workspaces SET timezone = 'Asia/Tokyo' WHERE id = $1`, [owner.workspaceId]);
    expect((await get(owner.token)).body.timezone).toBe('UTC');
    // …and an update through the API invalidates the entry
    expect((await put(owner.token, { name: 'Renamed' })).status).toBe(200);
    expect((await get(owner.token)).body).toMatchObject({ name: 'Renamed', timezone: 'Asia/Tokyo' });
  });
});

describe('PUT /api/v1/workspace', () => {
  it('applies a partial update and answers with the new state; settings merge key by key', async () => {
    const owner = await signup(t);
    const before = (await get(owner.token)).body;
    const res = await put(owner.token, { name: 'New Name', settings: { samplingRate: 0.25 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...before,
      name: 'New Name',
      settings: { ...before.settings, samplingRate: 0.25 },
      updatedAt: expect.any(String),
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
    const again = await put(owner.token, { settings: { piiMasking: true, retentionDays: 90 } });
    expect(again.body.settings).toEqual({ retentionDays: 90, piiMasking: true, samplingRate: 0.25 });
    expect((await get(owner.token)).body).toEqual(again.body);
  });

  it('is admin+: viewers and members get 403 (users and API keys) and nothing changes', async () => {
    const owner = await signup(t, { workspaceName: 'Guarded' });
    for (const role of ['viewer', 'member'] as Role[]) {
      expectProblem(await put((await addMember(t, owner, role)).token, { name: 'Hacked' }), 403, 'forbidden');
      expectProblem(await put((await createApiKey(t, owner.token, role)).key, { name: 'Hacked' }), 403, 'forbidden');
    }
    expectProblem(await t.http.put('/api/v1/workspace', { name: 'Hacked' }), 401, 'unauthenticated');
    expect((await get(owner.token)).body.name).toBe('Guarded');
    expect(await updates(owner)).toHaveLength(0);
    expect((await put((await addMember(t, owner, 'admin')).token, { name: 'By admin' })).status).toBe(200);
    expect((await put((await createApiKey(t, owner.token, 'admin')).key, { name: 'By admin key' })).status).toBe(200);
  });

  it("only ever changes the caller's own workspace", async () => {
    const a = await signup(t, { workspaceName: 'A' });
    const b = await signup(t, { workspaceName: 'B' });
    expectProblem(await put(a.token, { id: b.workspaceId, name: 'Mine now' }), 400, 'validation_failed');
    expect((await put(a.token, { name: 'A2' })).status).toBe(200);
    expect((await get(b.token)).body.name).toBe('B');
  });

  it('accepts IANA zone names and links (UTC, Europe/Kyiv, Europe/Kiev, Etc/GMT+5)', async () => {
    const owner = await signup(t);
    for (const timezone of ['UTC', 'Europe/Kyiv', 'Europe/Kiev', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'Asia/Kolkata']) {
      const res = await put(owner.token, { timezone });
      expect({ timezone, status: res.status }).toEqual({ timezone, status: 200 });
      expect(res.body.timezone).toBe(timezone);
    }
  });

  it('rejects anything that is not a time zone (400 with the field)', async () => {
    const owner = await signup(t);
    for (const timezone of ['Mars/Olympus_Mons', 'Europe/Atlantis', '', 'x'.repeat(65), 'UTC; DROP TABLE workspaces', 42, null]) {
      const res = await put(owner.token, { timezone });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'timezone' })]));
    }
    expect((await get(owner.token)).body.timezone).toBe('UTC');
  });

  it('validates the slug pattern ^[a-z0-9][a-z0-9-]{1,62}$', async () => {
    const owner = await signup(t);
    for (const slug of ['ab', '0-9', 'acme-ai', `a${'b'.repeat(62)}`]) {
      expect({ slug, status: (await put(owner.token, { slug })).status }).toEqual({ slug, status: 200 });
    }
    for (const slug of ['a', 'Acme', '-acme', 'acme_ai', 'acme ai', 'ümlaut', `a${'b'.repeat(63)}`, '', 7]) {
      const res = await put(owner.token, { slug });
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'slug' })]));
    }
  });

  it('a slug taken by another workspace is 409 conflict, and nothing is written', async () => {
    const a = await signup(t);
    const b = await signup(t);
    expect((await put(a.token, { slug: `taken-${a.workspaceId.slice(0, 8)}` })).status).toBe(200);
    const res = await put(b.token, { slug: `taken-${a.workspaceId.slice(0, 8)}`, name: 'Should not stick' });
    expectProblem(res, 409, 'conflict');
    expect(res.body.errors).toEqual([{ field: 'slug', message: expect.any(String) }]);
    expect((await get(b.token)).body.name).not.toBe('Should not stick');
    expect(await updates(b)).toHaveLength(0);
    // keeping one's own slug is not a conflict
    expect((await put(a.token, { slug: `taken-${a.workspaceId.slice(0, 8)}` })).status).toBe(200);
  });

  it('validates names and settings ranges; unknown fields are rejected', async () => {
    const owner = await signup(t);
    const bad: [string, unknown][] = [
      ['name', { name: '' }],
      ['name', { name: 'x'.repeat(101) }],
      ['name', { name: 5 }],
      ['name', { name: null }],
      ['slug', { slug: null }],
      ['settings', { settings: null }],
      ['settings', { settings: 'all' }],
      ['settings.retentionDays', { settings: { retentionDays: null } }],
      ['settings.retentionDays', { settings: { retentionDays: 0 } }],
      ['settings.retentionDays', { settings: { retentionDays: 3651 } }],
      ['settings.retentionDays', { settings: { retentionDays: 1.5 } }],
      ['settings.retentionDays', { settings: { retentionDays: '30' } }],
      ['settings.samplingRate', { settings: { samplingRate: -0.01 } }],
      ['settings.samplingRate', { settings: { samplingRate: 1.01 } }],
      ['settings.samplingRate', { settings: { samplingRate: 'all' } }],
      ['settings.piiMasking', { settings: { piiMasking: 'yes' } }],
      ['settings.secretSauce', { settings: { secretSauce: true } }],
      ['createdAt', { createdAt: '2020-01-01T00:00:00Z' }],
    ];
    for (const [field, body] of bad) {
      const res = await put(owner.token, body);
      expectProblem(res, 400, 'validation_failed');
      expect({ field, errors: res.body.errors }).toEqual({ field, errors: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    expectProblem(await put(owner.token, 'not json object'), 400, 'validation_failed');
    for (const settings of [
      { retentionDays: 1 },
      { retentionDays: 3650 },
      { samplingRate: 0 },
      { samplingRate: 1 },
      { piiMasking: false },
    ]) {
      expect((await put(owner.token, { settings })).status).toBe(200);
    }
  });

  it('writes one audit entry per change with before/after of the changed fields only; none for a no-op', async () => {
    const owner = await signup(t, { workspaceName: 'Audited' });
    const key = await createApiKey(t, owner.token, 'admin');
    expect(
      (await put(owner.token, { name: 'Audited 2', timezone: 'Europe/Kyiv', settings: { piiMasking: true, samplingRate: 1 } })).status,
    ).toBe(200);
    expect((await put(key.key, { settings: { retentionDays: 7 } })).status).toBe(200);
    expect((await put(owner.token, { name: 'Audited 2', timezone: 'Europe/Kyiv' })).status).toBe(200); // no change
    const entries = await updates(owner);
    expect(entries).toHaveLength(2);
    expect(entries[1]).toEqual({
      id: expect.any(String),
      action: 'workspace.updated',
      actor: { type: 'user', id: owner.userId },
      targetType: 'workspace',
      targetId: owner.workspaceId,
      ip: expect.any(String),
      createdAt: expect.any(String),
      metadata: {
        before: { name: 'Audited', timezone: 'UTC', 'settings.piiMasking': false },
        after: { name: 'Audited 2', timezone: 'Europe/Kyiv', 'settings.piiMasking': true },
      },
    });
    expect(entries[0]).toMatchObject({
      actor: { type: 'api_key', id: key.id },
      metadata: { before: { 'settings.retentionDays': 30 }, after: { 'settings.retentionDays': 7 } },
    });
  });
});
