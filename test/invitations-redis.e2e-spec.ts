import { Queues } from '../src/common/queue/queue.module';
import { QueueName } from '../src/common/queue/queues';
import { TestContext } from './support/context';
import { signup, uniqueEmail } from './support/factories';
import { contextWithOwnRedis } from './support/own-redis-context';
import { OwnRedis, startRedis } from './support/processes';
import { SmtpSink, waitUntil } from './support/smtp';

// Our own Redis (test/support/own-redis-context.ts), which this file kills and restarts on the same port;
// the shared one is never touched.

let redis: OwnRedis;
let smtp: SmtpSink;
let t: TestContext;

beforeAll(async () => {
  ({ t, redis, smtp } = await contextWithOwnRedis());
}, 60_000);

afterAll(async () => {
  await t?.close();
  await redis?.kill();
  await smtp?.close();
});

it('Redis down while inviting: the API answers 201, and once Redis is back the email arrives exactly once', async () => {
  const owner = await signup(t);
  const warmup = uniqueEmail('warmup');
  expect((await t.http.post('/api/v1/team/invite', { email: warmup, role: 'member' }, { token: owner.token })).status).toBe(201);
  await smtp.waitFor(warmup); // the whole path works before the outage

  await redis.kill();
  const email = uniqueEmail('outage');
  const started = Date.now();
  const res = await t.http.post('/api/v1/team/invite', { email, role: 'viewer' }, { token: owner.token });
  expect(res.status).toBe(201);
  expect(Date.now() - started).toBeLessThan(5000);

  // the effect waits in the outbox: the relay tried, failed, and keeps the row pending
  const [inv] = await t.sql<{ email_outbox_id: string }>('SELECT email_outbox_id FROM invitations WHERE id = $1', [res.body.id]);
  await waitUntil(
    'a failed dispatch attempt',
    async () => {
      const [row] = await t.sql<{ attempts: number; dispatched_at: Date | null }>(
        'SELECT attempts, dispatched_at FROM outbox WHERE id = $1',
        [inv.email_outbox_id],
      );
      return row.attempts >= 1 && row.dispatched_at === null;
    },
    20_000,
  );
  expect(smtp.to(email)).toHaveLength(0);

  redis = await startRedis(redis.port);
  await smtp.waitFor(email, 1, 30_000);
  // let every path that could deliver it again run out: outbox dispatched, queue drained
  await waitUntil(
    'the outbox row to be dispatched and the email queue to drain',
    async () => {
      const [row] = await t.sql<{ dispatched_at: Date | null }>('SELECT dispatched_at FROM outbox WHERE id = $1', [inv.email_outbox_id]);
      const counts = await t.worker!.get(Queues).get(QueueName.Email).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return row.dispatched_at !== null && counts.waiting + counts.active + counts.delayed + counts.prioritized === 0;
    },
    30_000,
  );
  expect(smtp.to(email)).toHaveLength(1);
  const list = await t.http.get('/api/v1/team/invitations', { token: owner.token });
  expect(list.body.data.find((i: any) => i.id === res.body.id)).toMatchObject({ emailStatus: 'sent' });
}, 120_000);
