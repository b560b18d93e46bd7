import { randomBytes } from 'node:crypto';
import { Role } from '../../src/common/auth/roles';
import { TestContext } from './context';

export interface SignedUp {
  token: string;
  userId: string;
  workspaceId: string;
  email: string;
  password: string;
}

export const uniqueEmail = (tag = 'user') => `${tag}-${randomBytes(5).toString('hex')}@example.com`;
export const PASSWORD = 'correct horse battery staple';

/** Signs up a new user with a new workspace (owner). */
export async function signup(
  t: TestContext,
  over: Partial<{ email: string; name: string; workspaceName: string }> = {},
): Promise<SignedUp> {
  const email = over.email ?? uniqueEmail('owner');
  const res = await t.http.post('/api/v1/auth/signup', {
    email,
    password: PASSWORD,
    name: over.name ?? 'Owner',
    workspaceName: over.workspaceName ?? 'Acme',
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`);
  return { token: res.body.accessToken, userId: res.body.user.id, workspaceId: res.body.workspace.id, email, password: PASSWORD };
}

/** Creates an API key of a role with the given (admin+) credential. */
export async function createApiKey(t: TestContext, token: string, role: Role = 'member'): Promise<{ id: string; key: string }> {
  const res = await t.http.post('/api/v1/api-keys', { name: `${role} key`, role }, { token });
  if (res.status !== 201) throw new Error(`api key failed: ${res.status} ${res.text}`);
  return { id: res.body.id, key: res.body.key };
}

/**
 * Adds a user with a role to the owner's workspace directly in the database (the team module's
 * invitation flow is tested on its own), then logs them in. Returns their token.
 */
export async function addMember(t: TestContext, owner: SignedUp, role: Role): Promise<SignedUp & { memberId: string }> {
  const other = await signup(t, { workspaceName: 'Own space' });
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO team_members (id, workspace_id, user_id, role, status, joined_at) VALUES (gen_random_uuid(), $1, $2, $3, 'active', now()) RETURNING id`,
    [owner.workspaceId, other.userId, role],
  );
  const login = await t.http.post('/api/v1/auth/login', { email: other.email, password: other.password, workspaceId: owner.workspaceId });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  return { ...other, token: login.body.accessToken, workspaceId: owner.workspaceId, memberId: row.id };
}

export function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  expect(typeof res.body.detail).toBe('string');
}
