import { Db } from '../src/database/db';
import { isDependencyUnavailable, toProblem } from '../src/common/errors/problem';
import { createTestContext, TestContext } from './support/context';
import { waitUntil } from './support/smtp';

/*
 * The data-access layer against a real Postgres whose server drops a connection in the middle of a
 * transaction (what a restart or a failover does): the caller learns that the database is unavailable
 * (503), never a 500 that names an internal state of the ORM.
 */
describe('Db.transaction when the server drops its connection', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('between two statements: the commit fails with the connection error (503, not 500)', async () => {
    const db = t.app.get(Db);
    let failure: unknown;
    try {
      await db.transaction(async (tx) => {
        const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await db.query('SELECT pg_terminate_backend($1)', [pid]);
        // the work is done; the connection's failure arrives before COMMIT (TypeORM releases the runner then)
        await waitUntil('the transaction connection to fail', async () => tx.manager.queryRunner?.isReleased, 10_000, 10);
      });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeDefined();
    expect((failure as Error).name).not.toBe('QueryRunnerAlreadyReleasedError');
    expect(isDependencyUnavailable(failure)).toBe(true);
    expect(toProblem(failure, 'r1').problem).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    // the pool serves again with a fresh connection
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
