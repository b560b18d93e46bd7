import { createHash } from 'node:crypto';
import { Queues } from '../src/common/queue/queue.module';
import { JobName, QueueName } from '../src/common/queue/queues';
import { createTestContext, TestContext } from './support/context';
import { addMember, createApiKey, expectProblem, PASSWORD, signup, SignedUp, uniqueEmail } from './support/factories';
import { acceptLinkOf, SmtpSink, waitUntil } from './support/smtp';

const APP_URL = 'http://app.agentobs.test:8080';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let t: TestContext;
let smtp: SmtpSink;
/** every token seen in an email: none may ever show up in a response, an audit entry or the outbox after sending */
const seenTokens = new Set<string>();

beforeAll(async () => {
  smtp = await new SmtpSink({
    reject: (rcpt) =>
      rcpt.startsWith('bounce-')
        ? { code: 550, message: '5.1.1 No such mailbox' }
        : rcpt.startsWith('flaky-')
          ? { code: 451, message: '4.3.0 Try again later' }
          : undefined,
  }).start();
  t = await createTestContext({
    worker: true,
    env: { SMTP_URL: smtp.url, APP_URL, MAIL_FROM: 'Agent Monitoring <invites@agentobs.test>' },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const invite = (token: string, email: string, role = 'member', headers?: Record<string, string>) =>
  t.http.post('/api/v1/team/invite', { email, role }, { token, headers });

/** Invites and returns the invitation plus the token parsed from the email that arrived. */
async function inviteAndReceive(by: SignedUp, email: string, role = 'member') {
  const before = smtp.to(email).length;
  const res = await invite(by.token, email, role);
  expect(res.status).toBe(201);
  const mails = await smtp.waitFor(email, before + 1);
  const { token } = acceptLinkOf(mails[mails.length - 1], APP_URL);
  seenTokens.add(token);
  return { invitation: res.body, token, mail: mails[mails.length - 1] };
}

const listInvitations = async (token: string, query = '') => {
  const res = await t.http.get(`/api/v1/team/invitations${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.data as any[];
};

describe('the invitation story through HTTP, SMTP and the worker', () => {
  it('invite → email over SMTP → accept without an account → log in → both see each other', async () => {
    const owner = await signup(t, { name: 'Ada Lovelace', workspaceName: 'Analytical Engines' });
    const email = uniqueEmail('grace');
    const res = await invite(owner.token, email.toUpperCase(), 'admin');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      email,
      role: 'admin',
      status: 'pending',
      invitedBy: { type: 'user', id: owner.userId, name: 'Ada Lovelace' },
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      emailStatus: 'pending',
      emailSentAt: null,
    });
    const ttl = Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt);
    expect(Math.abs(ttl - 168 * 3600_000)).toBeLessThan(60_000);

    const [mail] = await smtp.waitFor(email);
    const { url, token } = acceptLinkOf(mail, APP_URL);
    seenTokens.add(token);
    expect(url).toBe(`${APP_URL}/invitations/${token}/accept`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, URL-safe
    expect(mail.from).toBe('invites@agentobs.test');
    expect(mail.parsed.subject).toContain('Ada Lovelace');
    expect(mail.parsed.subject).toContain('Analytical Engines');
    expect(mail.text).toContain('as an admin');
    expect(mail.text).toContain(res.body.expiresAt.slice(0, 10));
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain('Analytical Engines');

    // stored only as a digest; the token is in no response and, once sent, not in the outbox either
    const [row] = await t.sql<any>('SELECT * FROM invitations WHERE id = $1', [res.body.id]);
    expect(row.token_digest).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(res.text).not.toContain(token);
    await waitUntil('the token to be dropped from the outbox', async () => {
      const [o] = await t.sql<any>('SELECT payload FROM outbox WHERE id = $1', [row.email_outbox_id]);
      return o && !('token' in o.payload);
    });
    await waitUntil(
      'emailStatus sent',
      async () => (await listInvitations(owner.token)).find((i) => i.id === res.body.id)?.emailStatus === 'sent',
    );
    const [listed] = (await listInvitations(owner.token)).filter((i) => i.id === res.body.id);
    expect(listed.emailSentAt).toEqual(expect.any(String));

    const preview = await t.http.get(`/api/v1/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      workspace: { name: 'Analytical Engines' },
      email,
      role: 'admin',
      invitedBy: { name: 'Ada Lovelace' },
      expiresAt: res.body.expiresAt,
    });

    const accepted = await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'Grace Hopper', password: PASSWORD });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      member: { email, name: 'Grace Hopper', role: 'admin', status: 'active', removedAt: null },
      workspace: { id: owner.workspaceId, name: 'Analytical Engines' },
      expiresIn: expect.any(Number),
    });
    expect(accepted.body.accessToken).toMatch(/^ao_at_/);
    const me = await t.http.get('/api/v1/auth/me', { token: accepted.body.accessToken });
    expect(me.body).toMatchObject({ user: { email }, workspace: { id: owner.workspaceId }, role: 'admin' });

    const login = await t.http.post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ workspace: { id: owner.workspaceId }, role: 'admin' });
    expect((await t.http.get('/api/v1/workspace', { token: login.body.accessToken })).body.name).toBe('Analytical Engines');

    const members = await t.http.get('/api/v1/team/members', { token: owner.token });
    expect(members.body.data.map((m: any) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      [email, 'admin'],
    ]);
    expect(members.body.data[1]).toEqual({ ...accepted.body.member, lastActiveAt: expect.any(String) }); // they have used their token since

    // the invitation is used up: it works once
    expectProblem(await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'Again', password: PASSWORD }), 404, 'not_found');
    expectProblem(await t.http.get(`/api/v1/invitations/${token}`), 404, 'not_found');
    expect(await listInvitations(owner.token)).toEqual([]);
    expect((await listInvitations(owner.token, '?status=accepted')).map((i) => i.id)).toEqual([res.body.id]);
  });

  it('the same with an existing account: accept with its access token', async () => {
    const owner = await signup(t, { workspaceName: 'Second Space' });
    const existing = await signup(t, { name: 'Existing', workspaceName: 'Home' });
    const { invitation, token } = await inviteAndReceive(owner, existing.email, 'viewer');

    // someone else signed in cannot take it; without a credential the registered email needs its own password
    const stranger = await signup(t);
    expectProblem(await t.http.post(`/api/v1/team/invitations/${token}/accept`, {}, { token: stranger.token }), 403, 'forbidden');
    const anon = await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'X', password: 'not the password of it' });
    expectProblem(anon, 401, 'unauthenticated');
    const apiKey = await createApiKey(t, existing.token, 'admin');
    expectProblem(await t.http.post(`/api/v1/team/invitations/${token}/accept`, {}, { token: apiKey.key }), 403, 'forbidden');
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${token}/accept`, {}, { token: 'ao_at_' + 'x'.repeat(43) }),
      401,
      'unauthenticated',
    );

    const res = await t.http.post(`/api/v1/team/invitations/${token}/accept`, undefined, { token: existing.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      member: { userId: existing.userId, role: 'viewer', name: 'Existing' },
      workspace: { id: owner.workspaceId },
    });
    const me = await t.http.get('/api/v1/auth/me', { token: res.body.accessToken });
    expect(me.body.workspace.id).toBe(owner.workspaceId);
    expect(me.body.workspaces.map((w: any) => w.id).sort()).toEqual([existing.workspaceId, owner.workspaceId].sort());
    const members = await t.http.get('/api/v1/team/members', { token: owner.token });
    expect(members.body.data.map((m: any) => m.userId)).toContain(existing.userId);

    const audit = await t.http.get('/api/v1/audit-logs?action=invitation.accepted', { token: owner.token });
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        actor: { type: 'user', id: existing.userId },
        targetType: 'invitation',
        targetId: invitation.id,
        ip: expect.any(String),
        metadata: expect.objectContaining({ email: existing.email, role: 'viewer', newAccount: false }),
      }),
    ]);
  });

  it('a removed member invited back gets their membership back with the new role', async () => {
    const owner = await signup(t);
    const m = await addMember(t, owner, 'admin');
    expect((await t.http.delete(`/api/v1/team/members/${m.memberId}`, { token: owner.token })).status).toBe(204);
    const { token } = await inviteAndReceive(owner, m.email, 'viewer');
    // the old session is bound to this workspace, where they are removed: refused like any dead credential
    expectProblem(await t.http.post(`/api/v1/team/invitations/${token}/accept`, undefined, { token: m.token }), 401, 'unauthenticated');
    const own = await t.http.post('/api/v1/auth/login', { email: m.email, password: PASSWORD });
    const res2 = await t.http.post(`/api/v1/team/invitations/${token}/accept`, undefined, { token: own.body.accessToken });
    expect(res2.status).toBe(200);
    expect(res2.body.member).toMatchObject({ id: m.memberId, role: 'viewer', status: 'active', removedAt: null });
    expect((await t.http.get('/api/v1/workspace', { token: m.token })).status).toBe(200);
  });
});

describe('accepting without a credential: the invited email may already have an account (API.md Team)', () => {
  const accept = (token: string, body?: Record<string, unknown>) => t.http.post(`/api/v1/team/invitations/${token}/accept`, body);

  /** A user whose only membership was removed: login answers 403, yet their password still proves the account. */
  async function removedEverywhere() {
    const first = await signup(t, { workspaceName: 'First' });
    const email = uniqueEmail('removed');
    const { token } = await inviteAndReceive(first, email, 'admin');
    const joined = await accept(token, { name: 'Rosa Removed', password: PASSWORD });
    expect(joined.status).toBe(200);
    expect((await t.http.delete(`/api/v1/team/members/${joined.body.member.id}`, { token: first.token })).status).toBe(204);
    expectProblem(await t.http.post('/api/v1/auth/login', { email, password: PASSWORD }), 403, 'forbidden');
    return { email, userId: joined.body.member.userId as string };
  }

  it('a user removed everywhere accepts with their password: 200, signed in, name ignored, no new account', async () => {
    const { email, userId } = await removedEverywhere();
    const owner = await signup(t, { workspaceName: 'Second Chance' });
    const { invitation, token } = await inviteAndReceive(owner, email, 'member');
    const res = await accept(token, { name: 'Someone Else', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      member: { userId, email, name: 'Rosa Removed', role: 'member', status: 'active' },
      workspace: { id: owner.workspaceId },
      accessToken: expect.stringMatching(/^ao_at_/),
    });
    const me = await t.http.get('/api/v1/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: userId, name: 'Rosa Removed' }, workspace: { id: owner.workspaceId }, role: 'member' });
    expect(me.body.workspaces.map((w: any) => w.id)).toEqual([owner.workspaceId]);
    expect(await t.sql('SELECT id FROM users WHERE email = $1', [email])).toHaveLength(1);
    expect((await t.http.post('/api/v1/auth/login', { email, password: PASSWORD })).status).toBe(200); // a member again
    const audit = await t.http.get('/api/v1/audit-logs?action=invitation.accepted', { token: owner.token });
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        targetId: invitation.id,
        actor: { type: 'user', id: userId },
        metadata: expect.objectContaining({ newAccount: false }),
      }),
    ]);
    expectProblem(await accept(token, { password: PASSWORD }), 404, 'not_found'); // a token works once
  });

  it("a wrong password for the invited email's account → 401 as at login (short ones too); nothing changes", async () => {
    const { email, userId } = await removedEverywhere();
    const owner = await signup(t);
    const { token } = await inviteAndReceive(owner, email);
    for (const password of ['not the right password', 'short']) {
      const res = await accept(token, { name: 'X', password });
      expectProblem(res, 401, 'unauthenticated');
      expect(res.body.detail).toBe('Invalid email or password');
    }
    const missing = await accept(token, { name: 'X' });
    expectProblem(missing, 400, 'validation_failed');
    expect(missing.body.errors.map((e: any) => e.field)).toEqual(['password']);
    expect((await t.http.get(`/api/v1/invitations/${token}`)).status).toBe(200); // still usable
    expect(await t.sql('SELECT id FROM team_members WHERE workspace_id = $1 AND user_id = $2', [owner.workspaceId, userId])).toEqual([]);
    expect((await accept(token, { password: PASSWORD })).status).toBe(200);
  });

  it('a new email creates the account as before: name required, password of 12+ characters', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('fresh');
    const { token } = await inviteAndReceive(owner, email, 'viewer');
    const noName = await accept(token, { password: PASSWORD });
    expectProblem(noName, 400, 'validation_failed');
    expect(noName.body.errors.map((e: any) => e.field)).toEqual(['name']);
    const short = await accept(token, { name: 'Fresh', password: 'short' });
    expectProblem(short, 400, 'validation_failed');
    expect(short.body.errors.map((e: any) => e.field)).toEqual(['password']);
    const res = await accept(token, { name: 'Fresh Face', password: PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.member).toMatchObject({ email, name: 'Fresh Face', role: 'viewer' });
    const login = await t.http.post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ user: { id: res.body.member.userId }, workspace: { id: owner.workspaceId }, role: 'viewer' });
  });
});

describe('POST /api/v1/team/invite', () => {
  it('validates the body (400), unknown fields included', async () => {
    const owner = await signup(t);
    for (const body of [
      { email: 'not-an-email', role: 'member' },
      { email: uniqueEmail(), role: 'superuser' },
      { email: uniqueEmail() },
      { role: 'member' },
      { email: `${'x'.repeat(250)}@example.com`, role: 'member' },
      { email: uniqueEmail(), role: 'member', workspaceId: owner.workspaceId },
      [],
    ]) {
      expectProblem(await t.http.post('/api/v1/team/invite', body, { token: owner.token }), 400, 'validation_failed');
    }
    expect(await t.sql('SELECT 1 FROM invitations WHERE workspace_id = $1', [owner.workspaceId])).toHaveLength(0);
  });

  it('is admin+: 401 without a credential, 403 for viewers and members (users and API keys)', async () => {
    const owner = await signup(t);
    expectProblem(await invite('', uniqueEmail()), 401, 'unauthenticated');
    for (const role of ['viewer', 'member'] as const) {
      expectProblem(await invite((await addMember(t, owner, role)).token, uniqueEmail()), 403, 'forbidden');
      expectProblem(await invite((await createApiKey(t, owner.token, role)).key, uniqueEmail()), 403, 'forbidden');
    }
    const admin = await addMember(t, owner, 'admin');
    expect((await invite(admin.token, uniqueEmail(), 'admin')).status).toBe(201);
    const fresh = await signup(t); // the workspace above has used its 5 seats
    const key = await createApiKey(t, fresh.token, 'admin');
    const byKey = await invite(key.key, uniqueEmail(), 'member');
    expect(byKey.status).toBe(201);
    expect(byKey.body.invitedBy).toEqual({ type: 'api_key', id: key.id, name: 'API key "admin key"' });
  });

  it('only an owner invites an owner (403 for admins, admin API keys included)', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    expectProblem(await invite(admin.token, uniqueEmail(), 'owner'), 403, 'forbidden');
    expectProblem(await invite((await createApiKey(t, owner.token, 'admin')).key, uniqueEmail(), 'owner'), 403, 'forbidden');
    expect((await invite(owner.token, uniqueEmail(), 'owner')).status).toBe(201);
    expect((await invite((await createApiKey(t, owner.token, 'owner')).key, uniqueEmail(), 'owner')).status).toBe(201);
  });

  it('checks in order: role 403, active member 409, pending invitation 409, seats 402', async () => {
    const owner = await signup(t);
    const admin = await addMember(t, owner, 'admin');
    const pendingEmail = uniqueEmail('pending');
    expect((await invite(owner.token, pendingEmail)).status).toBe(201);
    // 3 seats used (owner, admin, one pending); fill the free plan's 5
    expect((await invite(owner.token, uniqueEmail())).status).toBe(201);
    expect((await invite(owner.token, uniqueEmail())).status).toBe(201);

    expectProblem(await invite(admin.token, admin.email, 'owner'), 403, 'forbidden'); // role before membership
    expectProblem(await invite(owner.token, admin.email.toUpperCase()), 409, 'already_member'); // before seats
    expectProblem(await invite(owner.token, ` ${pendingEmail.toUpperCase()} `), 409, 'invitation_pending');
    const full = await invite(owner.token, uniqueEmail());
    expectProblem(full, 402, 'plan_limit_exceeded');
    expect(full.body.detail).toContain('5 seats');
  });

  it('an expired (even unmarked) invitation frees its seat and its email', async () => {
    const owner = await signup(t);
    const emails = [uniqueEmail(), uniqueEmail(), uniqueEmail(), uniqueEmail()];
    for (const e of emails) expect((await invite(owner.token, e)).status).toBe(201);
    expectProblem(await invite(owner.token, uniqueEmail()), 402, 'plan_limit_exceeded');
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE workspace_id = $1 AND email = $2`, [
      owner.workspaceId,
      emails[0],
    ]);
    const again = await invite(owner.token, emails[0]);
    expect(again.status).toBe(201);
    const statuses = await t.sql<{ status: string }>(
      `SELECT status FROM invitations WHERE workspace_id = $1 AND email = $2 ORDER BY created_at`,
      [owner.workspaceId, emails[0]],
    );
    expect(statuses.map((s) => s.status)).toEqual(['expired', 'pending']);
  });

  it('10 parallel invites for the last 2 free seats: exactly 2 succeed', async () => {
    const owner = await signup(t);
    await invite(owner.token, uniqueEmail());
    await invite(owner.token, uniqueEmail());
    const results = await Promise.all(Array.from({ length: 10 }, () => invite(owner.token, uniqueEmail('race'))));
    const codes = results.map((r) => r.status).sort();
    expect(codes).toEqual([201, 201, 402, 402, 402, 402, 402, 402, 402, 402]);
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM invitations WHERE workspace_id = $1 AND status = 'pending'`, [
      owner.workspaceId,
    ]);
    expect(Number(n)).toBe(4);
  });

  it('10 parallel invites of one email: one 201, nine 409 invitation_pending', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('same');
    const results = await Promise.all(Array.from({ length: 10 }, () => invite(owner.token, email)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expectProblem(r, 409, 'invitation_pending');
  });

  it('an Idempotency-Key replays the 201 and sends one email', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('idem');
    const first = await invite(owner.token, email, 'member', { 'idempotency-key': 'invite-1' });
    const second = await invite(owner.token, email, 'member', { 'idempotency-key': 'invite-1' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    await smtp.waitFor(email);
    await waitUntil('the email job to finish', async () => {
      const counts = await t.worker!.get(Queues).get(QueueName.Email).getJobCounts('waiting', 'active', 'delayed');
      return counts.waiting + counts.active + counts.delayed === 0;
    });
    expect(smtp.to(email)).toHaveLength(1);
  });
});

describe('GET /api/v1/team/invitations', () => {
  it('lists pending ones newest first; ?status=expired shows the expired ones; cursor pagination', async () => {
    const owner = await signup(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await invite(owner.token, uniqueEmail())).body.id);
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [ids[0]]);
    expect((await listInvitations(owner.token)).map((i) => i.id)).toEqual([ids[2], ids[1]]);
    const expired = await listInvitations(owner.token, '?status=expired');
    expect(expired).toEqual([expect.objectContaining({ id: ids[0], status: 'expired' })]);

    const page1 = await t.http.get('/api/v1/team/invitations?limit=1', { token: owner.token });
    expect(page1.body.data.map((i: any) => i.id)).toEqual([ids[2]]);
    const page2 = await t.http.get(`/api/v1/team/invitations?limit=1&cursor=${page1.body.nextCursor}`, { token: owner.token });
    expect(page2.body).toEqual({ data: [expect.objectContaining({ id: ids[1] })], nextCursor: null });

    expectProblem(await t.http.get('/api/v1/team/invitations?limit=0', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/team/invitations?limit=101', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/team/invitations?cursor=%%%', { token: owner.token }), 400, 'validation_failed');
    expectProblem(await t.http.get('/api/v1/team/invitations?status=bogus', { token: owner.token }), 400, 'validation_failed');
  });

  it("is admin+ and shows only the caller's workspace", async () => {
    const owner = await signup(t);
    await invite(owner.token, uniqueEmail());
    const other = await signup(t);
    expect(await listInvitations(other.token)).toEqual([]);
    expectProblem(await t.http.get('/api/v1/team/invitations'), 401, 'unauthenticated');
    for (const role of ['viewer', 'member'] as const) {
      expectProblem(await t.http.get('/api/v1/team/invitations', { token: (await addMember(t, owner, role)).token }), 403, 'forbidden');
      expectProblem(
        await t.http.get('/api/v1/team/invitations', { token: (await createApiKey(t, owner.token, role)).key }),
        403,
        'forbidden',
      );
    }
    expect(await listInvitations((await addMember(t, owner, 'admin')).token)).toHaveLength(1);
    expect(await listInvitations((await createApiKey(t, owner.token, 'admin')).key)).toHaveLength(1);
  });
});

describe('GET /api/v1/invitations/:token and accepting', () => {
  it('unknown or malformed token → 404; expired → 410 even before the expiry job ran', async () => {
    const owner = await signup(t);
    const { invitation, token } = await inviteAndReceive(owner, uniqueEmail());
    expectProblem(await t.http.get(`/api/v1/invitations/${'A'.repeat(43)}`), 404, 'not_found');
    expectProblem(await t.http.get('/api/v1/invitations/short'), 404, 'not_found');
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${'A'.repeat(43)}/accept`, { name: 'X', password: PASSWORD }),
      404,
      'not_found',
    );
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [invitation.id]);
    expectProblem(await t.http.get(`/api/v1/invitations/${token}`), 410, 'invitation_expired');
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'X', password: PASSWORD }),
      410,
      'invitation_expired',
    );
    const [row] = await t.sql<{ status: string }>('SELECT status FROM invitations WHERE id = $1', [invitation.id]);
    expect(row.status).toBe('pending'); // unmarked, and still refused
  });

  it('without a credential, name and password are required (400) and validated', async () => {
    const owner = await signup(t);
    const { token } = await inviteAndReceive(owner, uniqueEmail());
    const none = await t.http.post(`/api/v1/team/invitations/${token}/accept`);
    expectProblem(none, 400, 'validation_failed');
    expect(none.body.errors.map((e: any) => e.field).sort()).toEqual(['name', 'password']);
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'X', password: 'short' }),
      400,
      'validation_failed',
    );
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'X', password: PASSWORD, role: 'owner' }),
      400,
      'validation_failed',
    );
    expect((await t.http.get(`/api/v1/invitations/${token}`)).status).toBe(200); // still usable
  });

  it('an already active member accepting gets 409 already_member', async () => {
    const owner = await signup(t);
    const other = await signup(t);
    const { token } = await inviteAndReceive(owner, other.email);
    await t.sql(
      `INSERT INTO team_members (id, workspace_id, user_id, role, status, joined_at) VALUES (gen_random_uuid(), $1, $2, 'viewer', 'active', now())`,
      [owner.workspaceId, other.userId],
    );
    expectProblem(await t.http.post(`/api/v1/team/invitations/${token}/accept`, undefined, { token: other.token }), 409, 'already_member');
  });

  it('10 parallel accepts of one token without an account: one 200, nine 404, one user and one membership', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('race');
    const { token } = await inviteAndReceive(owner, email);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: `Racer ${i}`, password: PASSWORD }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404, 404, 404]);
    for (const r of results.filter((x) => x.status === 404)) expectProblem(r, 404, 'not_found');
    expect(await t.sql('SELECT id FROM users WHERE email = $1', [email])).toHaveLength(1);
    expect(await t.sql('SELECT t.id FROM team_members t JOIN users u ON u.id = t.user_id WHERE u.email = $1', [email])).toHaveLength(1);
  });

  it('10 parallel accepts of one token with a credential: one 200, nine 404', async () => {
    const owner = await signup(t);
    const invitee = await signup(t);
    const { token } = await inviteAndReceive(owner, invitee.email);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.http.post(`/api/v1/team/invitations/${token}/accept`, undefined, { token: invitee.token })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404, 404, 404]);
    expect(
      await t.sql('SELECT id FROM team_members WHERE workspace_id = $1 AND user_id = $2', [owner.workspaceId, invitee.userId]),
    ).toHaveLength(1);
  });
});

describe('DELETE /api/v1/team/invitations/:id', () => {
  it('cancels: 204, the token stops working, one audit entry; again → 404', async () => {
    const owner = await signup(t);
    const { invitation, token } = await inviteAndReceive(owner, uniqueEmail());
    const res = await t.http.delete(`/api/v1/team/invitations/${invitation.id}`, { token: owner.token });
    expect(res.status).toBe(204);
    expectProblem(await t.http.get(`/api/v1/invitations/${token}`), 404, 'not_found');
    expectProblem(await t.http.post(`/api/v1/team/invitations/${token}/accept`, { name: 'X', password: PASSWORD }), 404, 'not_found');
    expect(await listInvitations(owner.token)).toEqual([]);
    expect((await listInvitations(owner.token, '?status=cancelled')).map((i) => i.id)).toEqual([invitation.id]);
    expectProblem(await t.http.delete(`/api/v1/team/invitations/${invitation.id}`, { token: owner.token }), 404, 'not_found');
    const audit = await t.http.get('/api/v1/audit-logs?action=invitation.cancelled', { token: owner.token });
    expect(audit.body.data).toEqual([
      expect.objectContaining({
        actor: { type: 'user', id: owner.userId },
        targetId: invitation.id,
        metadata: expect.objectContaining({ before: { status: 'pending' }, after: { status: 'cancelled' } }),
      }),
    ]);
  });

  it("403 for viewers/members and for admins on an owner invitation; 404 for another workspace's or a non-uuid id", async () => {
    const owner = await signup(t);
    const ownerInvite = (await invite(owner.token, uniqueEmail(), 'owner')).body;
    const memberInvite = (await invite(owner.token, uniqueEmail(), 'member')).body;
    for (const role of ['viewer', 'member'] as const) {
      expectProblem(
        await t.http.delete(`/api/v1/team/invitations/${memberInvite.id}`, { token: (await addMember(t, owner, role)).token }),
        403,
        'forbidden',
      );
      expectProblem(
        await t.http.delete(`/api/v1/team/invitations/${memberInvite.id}`, { token: (await createApiKey(t, owner.token, role)).key }),
        403,
        'forbidden',
      );
    }
    const admin = await addMember(t, owner, 'admin');
    expectProblem(await t.http.delete(`/api/v1/team/invitations/${ownerInvite.id}`, { token: admin.token }), 403, 'forbidden');
    const other = await signup(t);
    expectProblem(await t.http.delete(`/api/v1/team/invitations/${memberInvite.id}`, { token: other.token }), 404, 'not_found');
    expectProblem(await t.http.delete('/api/v1/team/invitations/not-a-uuid', { token: owner.token }), 404, 'not_found');
    expect((await listInvitations(owner.token)).length).toBe(2);
    expect((await t.http.delete(`/api/v1/team/invitations/${memberInvite.id}`, { token: admin.token })).status).toBe(204);
  });
});

describe('POST /api/v1/team/invitations/:id/resend', () => {
  it('issues a fresh token and expiry, invalidates the old token and sends a new email', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('resend');
    const { invitation, token: oldToken } = await inviteAndReceive(owner, email);
    await t.sql(`UPDATE invitations SET expires_at = expires_at - interval '1 day' WHERE id = $1`, [invitation.id]);
    const res = await t.http.post(`/api/v1/team/invitations/${invitation.id}/resend`, undefined, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: invitation.id, status: 'pending', emailStatus: 'pending' });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThanOrEqual(Date.parse(invitation.expiresAt));
    const mails = await smtp.waitFor(email, 2);
    const { token: newToken } = acceptLinkOf(mails[1], APP_URL);
    seenTokens.add(newToken);
    expect(newToken).not.toBe(oldToken);
    expectProblem(await t.http.get(`/api/v1/invitations/${oldToken}`), 404, 'not_found');
    expect((await t.http.get(`/api/v1/invitations/${newToken}`)).status).toBe(200);
    const audit = await t.http.get('/api/v1/audit-logs?action=invitation.resent', { token: owner.token });
    expect(audit.body.data[0]).toMatchObject({
      targetId: invitation.id,
      metadata: { before: { expiresAt: expect.any(String) }, after: { expiresAt: res.body.expiresAt } },
    });
  });

  it('revives an expired invitation when a seat is free (402 when not); cancelled/accepted → 404', async () => {
    const owner = await signup(t);
    const { invitation } = await inviteAndReceive(owner, uniqueEmail());
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [invitation.id]);
    for (let i = 0; i < 4; i++) expect((await invite(owner.token, uniqueEmail())).status).toBe(201); // seats now full without the expired one
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${invitation.id}/resend`, undefined, { token: owner.token }),
      402,
      'plan_limit_exceeded',
    );
    const last = (await listInvitations(owner.token))[0];
    expect((await t.http.delete(`/api/v1/team/invitations/${last.id}`, { token: owner.token })).status).toBe(204);
    const revived = await t.http.post(`/api/v1/team/invitations/${invitation.id}/resend`, undefined, { token: owner.token });
    expect(revived.status).toBe(200);
    expect(revived.body.status).toBe('pending');
    expectProblem(await t.http.post(`/api/v1/team/invitations/${last.id}/resend`, undefined, { token: owner.token }), 404, 'not_found');
  });

  it('403 for viewers/members and for admins on an owner invitation; 404 for another workspace', async () => {
    const owner = await signup(t);
    const ownerInvite = (await invite(owner.token, uniqueEmail(), 'owner')).body;
    for (const role of ['viewer', 'member'] as const) {
      expectProblem(
        await t.http.post(`/api/v1/team/invitations/${ownerInvite.id}/resend`, undefined, {
          token: (await addMember(t, owner, role)).token,
        }),
        403,
        'forbidden',
      );
      expectProblem(
        await t.http.post(`/api/v1/team/invitations/${ownerInvite.id}/resend`, undefined, {
          token: (await createApiKey(t, owner.token, role)).key,
        }),
        403,
        'forbidden',
      );
    }
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${ownerInvite.id}/resend`, undefined, {
        token: (await createApiKey(t, owner.token, 'admin')).key,
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${ownerInvite.id}/resend`, undefined, {
        token: (await addMember(t, owner, 'admin')).token,
      }),
      403,
      'forbidden',
    );
    expectProblem(
      await t.http.post(`/api/v1/team/invitations/${ownerInvite.id}/resend`, undefined, { token: (await signup(t)).token }),
      404,
      'not_found',
    );
    expect((await t.http.post(`/api/v1/team/invitations/${ownerInvite.id}/resend`, undefined, { token: owner.token })).status).toBe(200);
  });
});

describe('the email worker', () => {
  it('is idempotent: a redelivered job or a re-dispatched outbox row sends nothing more', async () => {
    const owner = await signup(t);
    const email = uniqueEmail('once');
    const { invitation, token } = await inviteAndReceive(owner, email);
    const [row] = await t.sql<{ email_outbox_id: string }>('SELECT email_outbox_id FROM invitations WHERE id = $1', [invitation.id]);
    await waitUntil(
      'emailStatus sent',
      async () => (await listInvitations(owner.token)).find((i) => i.id === invitation.id)?.emailStatus === 'sent',
    );
    const queue = t.worker!.get(Queues).get(QueueName.Email);
    // a second delivery of the same effect (as after a crash between sending and acknowledging)
    const job = await queue.add(JobName.SendInvitationEmail, {
      invitationId: invitation.id,
      workspaceId: owner.workspaceId,
      token,
      outboxId: row.email_outbox_id,
    });
    await waitUntil('the redelivered job to complete', async () => (await job.getState()) === 'completed');
    // the relay dispatching the same outbox row again collapses onto the same job id
    await t.sql('UPDATE outbox SET dispatched_at = NULL WHERE id = $1', [row.email_outbox_id]);
    await waitUntil(
      'the relay to dispatch it again',
      async () => (await t.sql<any>('SELECT dispatched_at FROM outbox WHERE id = $1', [row.email_outbox_id]))[0].dispatched_at,
    );
    expect(await queue.getJobState(row.email_outbox_id)).toBe('completed');
    expect(smtp.to(email)).toHaveLength(1);
  });

  it('a permanent SMTP rejection shows as emailStatus "failed" at once', async () => {
    const owner = await signup(t);
    const res = await invite(owner.token, uniqueEmail('bounce'));
    expect(res.status).toBe(201);
    await waitUntil(
      'emailStatus failed',
      async () => (await listInvitations(owner.token)).find((i) => i.id === res.body.id)?.emailStatus === 'failed',
    );
  });

  it('transient failures are retried; when the attempts are used up the failure hook marks it failed', async () => {
    const owner = await signup(t);
    const res = await invite(owner.token, uniqueEmail('flaky'));
    const [row] = await t.sql<{ email_outbox_id: string }>('SELECT email_outbox_id FROM invitations WHERE id = $1', [res.body.id]);
    const queue = t.worker!.get(Queues).get(QueueName.Email);
    await waitUntil('the first attempt to fail and be scheduled again', async () => {
      const job = await queue.getJob(row.email_outbox_id);
      return job && job.attemptsMade >= 1 && (await job.getState()) === 'delayed';
    });
    expect((await listInvitations(owner.token))[0].emailStatus).toBe('pending'); // retrying, not failed yet
    // the same effect with a single attempt: its final failure runs the @OnJobFailed hook
    await queue.add(
      JobName.SendInvitationEmail,
      { invitationId: res.body.id, workspaceId: owner.workspaceId, token: 'x'.repeat(43), outboxId: row.email_outbox_id },
      { attempts: 1 },
    );
    await waitUntil('emailStatus failed', async () => (await listInvitations(owner.token))[0].emailStatus === 'failed');
  });

  it('the repeatable expiry job marks overdue invitations expired', async () => {
    const owner = await signup(t);
    const res = await invite(owner.token, uniqueEmail());
    await t.sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [res.body.id]);
    const job = await t.worker!.get(Queues).get(QueueName.Maintenance).add(JobName.ExpireInvitations, {});
    await waitUntil('the expiry job to complete', async () => (await job.getState()) === 'completed');
    const [row] = await t.sql<{ status: string }>('SELECT status FROM invitations WHERE id = $1', [res.body.id]);
    expect(row.status).toBe('expired');
    const schedulers = await t.worker!.get(Queues).get(QueueName.Maintenance).getJobSchedulers();
    expect(schedulers.map((s) => s.name)).toContain(JobName.ExpireInvitations);
  });
});

describe('secrets', () => {
  it('no invitation token ever appears in audit metadata or in an outbox row once sent', async () => {
    expect(seenTokens.size).toBeGreaterThan(5);
    const audit = JSON.stringify(await t.sql('SELECT * FROM audit_logs'));
    await waitUntil(
      'every sent email to have dropped its token',
      async () =>
        (
          await t.sql(
            `SELECT 1 FROM outbox o JOIN invitations i ON i.email_outbox_id = o.id WHERE i.email_status = 'sent' AND o.payload ? 'token'`,
          )
        ).length === 0,
    );
    const outbox = JSON.stringify(
      await t.sql(`SELECT o.payload FROM outbox o JOIN invitations i ON i.email_outbox_id = o.id WHERE i.email_status = 'sent'`),
    );
    for (const token of seenTokens) {
      expect(audit).not.toContain(token);
      expect(outbox).not.toContain(token);
    }
  });
});
