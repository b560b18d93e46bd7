import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { QueueName } from '../src/common/queue/queues';
import { trace } from './ingestion.helpers';
import { uniqueEmail } from './support/factories';
import { HoldingSmtp } from './support/holding-smtp';
import { Receiver } from './support/integrations-receiver';
import { baseEnv, cloneTemplateDatabase, freePort, ROOT } from './support/processes';
import { waitUntil } from './support/smtp';

/*
 * API.md "Operations" with several processes: the real stack as `make up` runs it (`node scripts/stack.mjs`)
 * with API_PROCESSES=2 (a node:cluster primary and two API processes sharing one port) and WORKER_PROCESSES=2,
 * on one Postgres (a database of this file) and one Redis (a prefix of this file). Rate limits and idempotency
 * are shared, every invitation is mailed once, each health check runs once per interval, a SIGTERM to one API
 * process under load fails no request, and a worker killed (SIGKILL) in the middle of a job loses no job.
 */

jest.setTimeout(120_000);

const RATE_LIMIT = 30;
const HEALTH_INTERVAL_S = 2;

let stack: ChildProcess;
let output = '';
let url: string;
let databaseUrl: string;
let redisPrefix: string;
let dir: string;
let smtp: HoldingSmtp;
let rx: Receiver;
let db: Client;
let redis: Redis;
let emailQueue: Queue;

/** The child processes of `pid` (Linux /proc), with their command lines. */
function childrenOf(pid: number): { pid: number; cmd: string }[] {
  let raw = '';
  try {
    raw = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  } catch {
    return [];
  }
  return raw
    .split(' ')
    .filter(Boolean)
    .map(Number)
    .map((p) => {
      try {
        return { pid: p, cmd: fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ') };
      } catch {
        return { pid: p, cmd: '' };
      }
    });
}
const apiPrimary = () => childrenOf(stack.pid!).find((c) => c.cmd.includes('dist/src/main.js'))!.pid;
const apiProcesses = () => childrenOf(apiPrimary()).map((c) => c.pid);
const workerProcesses = () =>
  childrenOf(stack.pid!)
    .filter((c) => c.cmd.includes('dist/src/worker.js'))
    .map((c) => c.pid);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0] !== 'Z';
  } catch {
    return false;
  }
};

/** The pid that served each request id (from the API processes' request log lines). */
function servedBy(): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"request completed"')) continue;
    try {
      const l = JSON.parse(line) as { pid: number; req: { id: string } };
      m.set(l.req.id, l.pid);
    } catch {
      /* a partial line */
    }
  }
  return m;
}

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request on a new TCP connection (no keep-alive): the cluster primary hands each one to the next process. */
function fresh(method: string, p: string, opts: { token?: string; json?: unknown; headers?: Record<string, string> } = {}): Promise<Res> {
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${p}`,
      {
        method,
        agent: false,
        timeout: 15_000,
        headers: {
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

async function signup() {
  const res = await fresh('POST', '/api/v1/auth/signup', {
    json: { email: uniqueEmail('proc'), password: 'correct horse battery staple', name: 'P', workspaceName: 'Processes' },
  });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.accessToken as string;
  const key = await fresh('POST', '/api/v1/api-keys', { token, json: { name: 'proc', role: 'admin' } });
  if (key.status !== 201) throw new Error(`key: ${key.status} ${JSON.stringify(key.body)}`);
  return { token, key: key.body.key as string, workspaceId: res.body.workspace.id as string };
}

const emailQueueIdle = async () => {
  const c = await emailQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  return c.waiting + c.active + c.delayed + c.prioritized === 0;
};

beforeAll(async () => {
  smtp = await new HoldingSmtp().start();
  rx = await Receiver.start();
  databaseUrl = await cloneTemplateDatabase();
  db = new Client({ connectionString: databaseUrl });
  db.on('error', () => undefined); // the teardown drops the database WITH (FORCE)
  await db.connect();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentobs-processes-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  const env = baseEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL as string,
    API_PROCESSES: '2',
    WORKER_PROCESSES: '2',
    LOG_LEVEL: 'info',
    SMTP_URL: smtp.url,
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    HEALTH_CHECK_INTERVAL_SECONDS: String(HEALTH_INTERVAL_S),
    JOB_LOCK_SECONDS: '2',
    OUTBOUND_ALLOW_HOSTS: '127.0.0.1',
    DATABASE_POOL_SIZE: '4',
  });
  redisPrefix = env.REDIS_PREFIX;
  stack = spawn(process.execPath, [path.join(ROOT, 'scripts/stack.mjs'), '--port', String(port), '--no-seed', '--dir', dir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (d: Buffer) => {
    output = (output + d.toString()).slice(-4_000_000);
  };
  stack.stdout!.on('data', collect);
  stack.stderr!.on('data', collect);
  await waitUntil(
    'the stack to be up with 2 API and 2 worker processes',
    async () => {
      if (stack.exitCode !== null) throw new Error(`the stack exited: ${output.slice(-3000)}`);
      return (
        output.includes('Agent Monitoring is up') &&
        // the primary's line once *both* API processes listen ("up" comes after the first one answered readiness)
        output.includes('with 2 processes') &&
        apiProcesses().length === 2 &&
        workerProcesses().length === 2 &&
        (output.match(/worker started/g) ?? []).length >= 2
      );
    },
    60_000,
    100,
  );
  redis = new Redis(process.env.REDIS_URL as string, { maxRetriesPerRequest: null });
  emailQueue = new Queue(QueueName.Email, { connection: redis, prefix: `${redisPrefix}:bull` });
});

afterAll(async () => {
  if (stack && stack.exitCode === null) {
    const exited = new Promise((r) => stack.once('exit', r));
    stack.kill('SIGTERM');
    const timer = setTimeout(() => stack.kill('SIGKILL'), 40_000);
    await exited;
    clearTimeout(timer);
  }
  await emailQueue?.close();
  await redis?.quit().catch(() => undefined);
  await db?.end().catch(() => undefined);
  await smtp?.close();
  await rx?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  // the stack's logs, for a failed run
  fs.mkdirSync(path.join(ROOT, 'var/test-results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'var/test-results/processes-stack.log'), output);
});

it('requests are spread over both API processes, and the rate limit of a key is one budget across them', async () => {
  const { key } = await signup();
  // one after the other, each on a new connection: the primary hands the connections to the processes in turn
  // (concurrent ones could all go to whichever process is free first)
  const results: Res[] = [];
  for (let i = 0; i < RATE_LIMIT + 10; i++) results.push(await fresh('GET', '/api/v1/traces', { token: key }));
  const ok = results.filter((r) => r.status === 200);
  expect(ok.length).toBe(RATE_LIMIT);
  expect(results.filter((r) => r.status === 429).length).toBe(results.length - RATE_LIMIT);
  // one counter: each success saw a different remaining budget (two per-process counters would repeat values)
  const remaining = ok.map((r) => Number(r.headers['ratelimit-remaining'])).sort((a, b) => a - b);
  expect(remaining).toEqual(Array.from({ length: RATE_LIMIT }, (_, i) => i));
  // and both processes served them
  await waitUntil('the request log lines', async () => results.every((r) => servedBy().has(String(r.headers['x-request-id']))));
  const by = servedBy();
  const pids = new Set(results.map((r) => by.get(String(r.headers['x-request-id']))));
  expect(pids.size).toBe(2);
  expect([...pids].sort()).toEqual(apiProcesses().sort());
});

it('an Idempotency-Key is honoured across processes, and every invitation is mailed exactly once by the two workers', async () => {
  const { token } = await signup();
  const replayed = uniqueEmail('idem');
  const tries: Res[] = [];
  for (let i = 0; i < 4; i++) {
    tries.push(
      await fresh('POST', '/api/v1/team/invite', {
        token,
        json: { email: replayed, role: 'viewer' },
        headers: { 'Idempotency-Key': 'invite-1' },
      }),
    );
  }
  expect(tries.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  expect(new Set(tries.map((r) => r.body.id)).size).toBe(1);
  expect(tries.map((r) => r.headers['idempotent-replayed'] ?? null)).toEqual([null, 'true', 'true', 'true']);
  await waitUntil('the request log lines', async () => tries.every((r) => servedBy().has(String(r.headers['x-request-id']))));
  const by = servedBy();
  expect(new Set(tries.map((r) => by.get(String(r.headers['x-request-id'])))).size).toBe(2);

  // (the free plan has 5 seats: the owner and 4 invitations)
  const others = Array.from({ length: 3 }, (_, i) => uniqueEmail(`once${i}`));
  const invited = await Promise.all(
    others.map((email) => fresh('POST', '/api/v1/team/invite', { token, json: { email, role: 'viewer' } })),
  );
  expect(invited.map((r) => r.status)).toEqual(others.map(() => 201));
  const all = [replayed, ...others];
  await waitUntil('every invitation email', async () => all.every((e) => smtp.count(e) >= 1), 30_000);
  // (the worker marks an invitation sent just after the SMTP server accepted its message)
  await waitUntil('every invitation marked sent', async () => {
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM invitations WHERE email = ANY($1) AND email_status = 'sent'`,
      [all.map((e) => e.toLowerCase())],
    );
    return Number(rows[0].n) === all.length;
  });
  await waitUntil('the email queue to drain', emailQueueIdle, 20_000);
  expect(all.map((e) => smtp.count(e))).toEqual(all.map(() => 1));
});

it('each integration health check runs once per interval, not once per worker', async () => {
  const { token } = await signup();
  const from = rx.requests.length;
  const put = await fresh('PUT', '/api/v1/integrations/webhook', { token, json: { config: { url: rx.url('/hook') } } });
  expect(put.status).toBe(200);
  const probes = () => rx.requests.slice(from).filter((r) => r.method === 'HEAD');
  await waitUntil('five health checks', async () => probes().length >= 5, 30_000, 100);
  const at = probes().map((r) => r.at);
  const interval = HEALTH_INTERVAL_S * 1000;
  // two workers each running the schedule would probe twice per interval: count the intervals the probes span
  // (one probe more allowed: a check queued late in one interval may land early in the next one's)
  const intervals = Math.floor(at[at.length - 1] / interval) - Math.floor(at[0] / interval) + 1;
  expect(at.length).toBeLessThanOrEqual(intervals + 1);
  expect((at[at.length - 1] - at[0]) / (at.length - 1)).toBeGreaterThan(interval * 0.75);
  await fresh('DELETE', '/api/v1/integrations/webhook', { token });
});

it('a worker killed (SIGKILL) in the middle of sending an email: the other worker takes the job over, the email goes out once', async () => {
  const { token } = await signup();
  const email = uniqueEmail('killed');
  smtp.hold(email);
  const inv = await fresh('POST', '/api/v1/team/invite', { token, json: { email, role: 'viewer' } });
  expect(inv.status).toBe(201);
  await waitUntil('the email to be in the middle of sending', async () => (smtp.inProgress.get(email) ?? 0) > 0, 20_000);
  // which worker holds that SMTP session: the process owning the client end of the TCP connection
  const sender = ownerOfLocalPort(smtp.clientPort.get(email)!, workerProcesses()) as number;
  expect(workerProcesses()).toContain(sender);
  const other = workerProcesses().find((p) => p !== sender)!;
  const closedBefore = smtp.closed;
  process.kill(sender, 'SIGKILL');
  await waitUntil('the killed worker to be gone', async () => !alive(sender), 10_000);
  await waitUntil("the killed worker's SMTP session to close", async () => smtp.closed > closedBefore, 10_000);
  smtp.release();
  expect(smtp.count(email)).toBe(0);
  // retried once the job's lock (JOB_LOCK_SECONDS=2) has expired, by the worker that kept running or the replacement
  await waitUntil('the retried job to deliver the email', async () => smtp.count(email) >= 1, 30_000);
  expect(alive(other)).toBe(true);
  await waitUntil(
    'the invitation to be marked sent',
    async () =>
      (await db.query<{ s: string }>('SELECT email_status AS s FROM invitations WHERE id = $1', [inv.body.id])).rows[0].s === 'sent',
    10_000,
  );
  await waitUntil('the email queue to drain', emailQueueIdle, 20_000);
  expect(smtp.count(email)).toBe(1);
  // the stack replaced the killed worker
  await waitUntil('a replacement worker', async () => workerProcesses().length === 2, 20_000);
});

it('SIGTERM to one API process under load fails no request: it drains and exits 0, the other keeps serving, the primary replaces it', async () => {
  const { key, workspaceId } = await signup();
  const [victim, survivor] = apiProcesses();
  const outcomes: { status: number | string; accepted: number; at: number }[] = [];
  let stop = false;
  // keep-alive clients (fetch's pool), as SDKs are: the stopping process must not cut a connection under a request
  const loops = Array.from({ length: 4 }, () =>
    (async () => {
      while (!stop) {
        try {
          const res = await fetch(`${url}/api/v1/ingest`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ spans: trace(9) }),
            signal: AbortSignal.timeout(15_000),
          });
          const body = (await res.json()) as { accepted?: number };
          outcomes.push({ status: res.status, accepted: body.accepted ?? 0, at: Date.now() });
        } catch (err) {
          const e = err as { cause?: { code?: string }; name?: string };
          outcomes.push({ status: e.cause?.code ?? e.name ?? 'error', accepted: 0, at: Date.now() });
        }
      }
    })(),
  );
  try {
    await waitUntil('load running', async () => outcomes.length >= 40, 30_000);
    const signalledAt = Date.now();
    process.kill(victim, 'SIGTERM');
    await waitUntil('the stopped process to exit', async () => !alive(victim), 30_000);
    const exitLine = await waitUntil('the primary to log the exit', async () =>
      output.split('\n').find((l) => l.includes(`API process ${victim} exited`)),
    );
    expect(exitLine).toContain('exited (code 0)');
    const after = outcomes.length;
    await waitUntil('more load served after the stop', async () => outcomes.length >= after + 40, 30_000);
    expect(outcomes.some((o) => o.at > signalledAt)).toBe(true);
  } finally {
    stop = true;
    await Promise.all(loops);
  }
  expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
  expect(alive(survivor)).toBe(true);
  // nothing acknowledged was lost
  const accepted = outcomes.reduce((n, o) => n + o.accepted, 0);
  expect(accepted).toBe(outcomes.length * 10);
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM spans WHERE workspace_id = $1', [workspaceId]);
  expect(Number(rows[0].n)).toBe(accepted);
  await waitUntil(
    'a replacement API process, listening',
    async () => {
      const pids = apiProcesses();
      return pids.length === 2 && !pids.includes(victim) && pids.every((p) => output.includes(`(process ${p})`));
    },
    30_000,
  );
});

it('SIGTERM to the stack (Ctrl-C of `make up`): every API and worker process stops cleanly, within seconds', async () => {
  const api = apiProcesses();
  const workers = workerProcesses();
  const signalledAt = Date.now();
  const exited = new Promise<number | null>((r) => stack.once('exit', (code) => r(code)));
  stack.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - signalledAt).toBeLessThan(15_000);
  expect([...api, ...workers].filter(alive)).toEqual([]);
  // the primary saw each of its processes exit 0 (level 30: info; a failed stop is logged at 40)
  const line = output.split('\n').find((l) => l.includes('"all 2 API processes stopped"'));
  expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 30, context: 'ApiPrimary' });
});

/** The process among `pids` that owns the TCP socket whose local port is `port` (127.0.0.1, /proc/net/tcp). */
function ownerOfLocalPort(port: number, pids: number[]): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hexPort}`)) inodes.add(cols[9]);
    }
  }
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return pid;
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return undefined;
}
