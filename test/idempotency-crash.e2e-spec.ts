/**
 * An Idempotency-Key whose request died mid-flight (the API process SIGKILLed while the request waited) must not
 * answer 409 `idempotency_key_in_use` for 24 h: the in-flight record expires after IDEMPOTENCY_IN_FLIGHT_SECONDS
 * (default 120, 30 here) and the retry then runs — once. Real processes: the built API (`dist/`), twice, on one database.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { cloneTemplateDatabase, sleep, startApi } from './support/processes';
import { uniqueEmail } from './support/factories';
import { waitUntil } from './support/smtp';

const IN_FLIGHT_SECONDS = 30; // longer than a restart of the API on a busy machine (the 409 is checked right after it)

async function call(url: string, init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

it('a request killed mid-flight frees its key after the bounded in-flight time; the retry then runs once', async () => {
  const databaseUrl = await cloneTemplateDatabase();
  // one key ring and one Redis prefix for both processes, as a deployment has
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL as string,
    REDIS_PREFIX: `crash${randomBytes(4).toString('hex')}`,
    ENCRYPTION_KEYS: `crash:${randomBytes(32).toString('base64')}`,
    IDEMPOTENCY_IN_FLIGHT_SECONDS: String(IN_FLIGHT_SECONDS),
  };
  let api = await startApi(env);
  const sql = new Client({ connectionString: databaseUrl });
  sql.on('error', () => undefined); // the teardown drops the database WITH (FORCE)
  await sql.connect();
  try {
    const signup = await call(`${api.url}/api/v1/auth/signup`, {
      method: 'POST',
      json: { email: uniqueEmail('crash'), password: 'correct horse battery staple', name: 'C', workspaceName: 'Crash' },
    });
    expect(signup.status).toBe(201);
    const token = signup.body.accessToken as string;
    const workspaceId = signup.body.workspace.id as string;
    const invite = { email: uniqueEmail('invitee'), role: 'member' };
    const headers = { 'idempotency-key': 'invite-crash-1' };

    // Hold the request in flight: an invitation locks the workspace row (seats), which this test holds first.
    await sql.query('BEGIN');
    await sql.query('SELECT 1 FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId]);
    const doomed = call(`${api.url}/api/v1/team/invite`, { method: 'POST', token, json: invite, headers }).catch((e: Error) => e);
    const lock = new Client({ connectionString: databaseUrl });
    await lock.connect();
    try {
      await waitUntil(
        'the request in flight, waiting on the lock',
        async () => {
          const { rows } = await lock.query<{ state: string }>(`SELECT state FROM idempotency_keys WHERE key = 'invite-crash-1'`);
          const waiting = await lock.query<{ n: string }>('SELECT count(*) AS n FROM pg_locks WHERE NOT granted');
          return rows[0]?.state === 'in_flight' && Number(waiting.rows[0].n) > 0;
        },
        15_000,
      );
    } finally {
      await lock.end();
    }

    // The process dies with the request in flight: no response, no finish, no release.
    api.child.kill('SIGKILL');
    await api.exited;
    expect(await doomed).toHaveProperty('message', 'fetch failed'); // no answer: the connection died with the process
    await sql.query('ROLLBACK');

    api = await startApi(env);
    // Within the bound: the key is still held (its request may, for all the API knows, still be running).
    const held = await call(`${api.url}/api/v1/team/invite`, { method: 'POST', token, json: invite, headers });
    expect({ status: held.status, code: held.body.code, retryAfter: held.headers.get('retry-after') }).toEqual({
      status: 409,
      code: 'idempotency_key_in_use',
      retryAfter: '1',
    });

    // Past it: the retry runs (not a 24-hour 409), and the invitation exists once.
    let retried: Awaited<ReturnType<typeof call>> | undefined;
    await waitUntil(
      'the in-flight record to expire',
      async () => {
        retried = await call(`${api.url}/api/v1/team/invite`, { method: 'POST', token, json: invite, headers });
        if (retried.status === 409 && retried.body.code === 'idempotency_key_in_use') return (await sleep(250), false);
        return true;
      },
      (IN_FLIGHT_SECONDS + 10) * 1000,
    );
    expect(retried?.status).toBe(201);
    expect(retried?.headers.get('idempotent-replayed')).toBeNull();
    const replay = await call(`${api.url}/api/v1/team/invite`, { method: 'POST', token, json: invite, headers });
    expect({ status: replay.status, replayed: replay.headers.get('idempotent-replayed'), id: replay.body.id }).toEqual({
      status: 201,
      replayed: 'true',
      id: retried?.body.id,
    });
    const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM invitations WHERE workspace_id = $1 AND email = $2', [
      workspaceId,
      invite.email,
    ]);
    expect(Number(rows[0].n)).toBe(1);
  } finally {
    await sql.end();
    await api.stop();
  }
}, 150_000);
