import { Queues } from '../../src/common/queue/queue.module';
import { createTestContext, TestContext } from './context';
import { OwnRedis, startRedis } from './processes';
import { SmtpSink } from './smtp';

/**
 * The app and a worker in this process on a Redis of their own, which the test may kill and restart on the
 * same port (the shared one is never touched), with an SMTP sink for the invitation emails.
 */
export async function contextWithOwnRedis(): Promise<{ t: TestContext; redis: OwnRedis; smtp: SmtpSink }> {
  const smtp = await new SmtpSink().start();
  let redis: OwnRedis | undefined;
  try {
    redis = await startRedis();
    const t = await createTestContext({ worker: true, env: { REDIS_URL: redis.url, SMTP_URL: smtp.url } });
    // BullMQ logs connection errors of queues without an 'error' listener; the outage is expected here
    for (const q of [...t.app.get(Queues).all(), ...t.worker!.get(Queues).all()]) q.on('error', () => undefined);
    return { t, redis, smtp };
  } catch (err) {
    await redis?.kill();
    await smtp.close();
    throw err;
  }
}
