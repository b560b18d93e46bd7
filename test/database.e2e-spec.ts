import { Db } from '../src/database/db';
import { isDependencyUnavailable, toProblem } from '../src/common/errors/problem';
import { createTestContext, TestContext } from './support/context';
import { waitUntil } from './support/smtp';

/*
 * The data-access layer against a real Postgres: a transaction's BEGIN travels with its first statement (one
 * round trip), everything after it runs in the transaction, a failure anywhere rolls all of it back, and a
 * connection the server drops in the middle (what a restart or a failover does) is answered 503, never a 500.
 */
describe('Db.transaction', () => {
  let t: TestContext;
  let db: Db;
  beforeAll(async () => {
    t = await createTestContext();
    db = t.app.get(Db);
    await t.sql('CREATE TABLE tx_probe (id int PRIMARY KEY, note text)');
  });
  afterAll(() => t.close());
  beforeEach(() => t.sql('TRUNCATE tx_probe'));

  const probeIds = async () => (await t.sql<{ id: number }>('SELECT id FROM tx_probe ORDER BY id')).map((r) => r.id);

  it('runs the first statement (named, with parameters) and what follows in one transaction, committed together', async () => {
    for (const round of [1, 2]) {
      // the second round reuses the statement prepared on a pooled connection (no Parse sent then)
      const stamps = await db.transaction(async (tx) => {
        const [first] = await tx.query<{ at: Date }>(
          'INSERT INTO tx_probe (id) VALUES ($1) RETURNING transaction_timestamp() AS at',
          [round * 10],
          {
            name: 'test_tx_probe_insert',
          },
        );
        await new Promise((r) => setTimeout(r, 5)); // a later statement_timestamp in a new transaction would differ
        const [second] = await tx.query<{ at: Date; inside: boolean }>(
          `SELECT transaction_timestamp() AS at, statement_timestamp() > transaction_timestamp() AS inside`,
        );
        return { first: first.at, second: second.at, inside: second.inside };
      });
      expect(stamps.second.getTime()).toBe(stamps.first.getTime());
      expect(stamps.inside).toBe(true);
    }
    expect(await probeIds()).toEqual([10, 20]);
  });

  it('rolls back the first statement and the rest when the work throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO tx_probe (id) VALUES ($1)', [1]);
        await tx.execute('INSERT INTO tx_probe (id) VALUES (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await probeIds()).toEqual([]);
  });

  it('fails with the first statement’s own error and leaves the connection usable', async () => {
    await t.sql('INSERT INTO tx_probe (id) VALUES (7)');
    await expect(
      db.transaction((tx) => tx.execute('INSERT INTO tx_probe (id) VALUES ($1)', [7], { name: 'test_tx_probe_dup' })),
    ).rejects.toMatchObject({ code: '23505' });
    // a named statement whose text does not parse: the error is the server's, and the name is not taken as prepared
    for (let i = 0; i < 2; i++) {
      await expect(db.transaction((tx) => tx.query('SELEC $1::int', [1], { name: 'test_tx_probe_typo' }))).rejects.toMatchObject({
        code: '42601',
      });
    }
    const rows = await Promise.all(
      Array.from({ length: 12 }, (_, i) => db.transaction((tx) => tx.query<{ n: number }>('SELECT $1::int AS n', [i]))),
    );
    expect(rows.map((r) => r[0].n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(await probeIds()).toEqual([7]);
  });

  it('begins before a first statement without parameters, a COPY or the entity manager, and rolls those back too', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.manager.query('INSERT INTO tx_probe (id) VALUES (1)');
        await tx.execute('INSERT INTO tx_probe (id) VALUES (2)');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await expect(
      db.transaction(async (tx) => {
        await tx.copyFrom('COPY tx_probe (id, note) FROM STDIN', '3\tthree\n4\tfour\n');
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await probeIds()).toEqual([]);
    await db.transaction(async (tx) => {
      await tx.copyFrom('COPY tx_probe (id, note) FROM STDIN', '3\tthree\n');
      await tx.manager.query('INSERT INTO tx_probe (id) VALUES (5)');
    });
    expect(await probeIds()).toEqual([3, 5]);
  });

  it('fails the commit when the server turns COMMIT into a rollback (a statement failed and the work went on)', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO tx_probe (id) VALUES ($1)', [6]);
        await tx.execute('INSERT INTO tx_probe (id) VALUES ($1)', [6]).then(
          () => undefined,
          (err: { code?: string }) => expect(err.code).toBe('23505'),
        );
      }),
    ).rejects.toThrow(/rolled back, nothing committed/);
    expect(await probeIds()).toEqual([]);
  });

  it('runs at the isolation level asked for', async () => {
    const levels = await Promise.all(
      [undefined, 'REPEATABLE READ', 'SERIALIZABLE'].map((isolation) =>
        db.transaction(
          async (tx) => (await tx.query<{ level: string }>('SELECT current_setting($1) AS level', ['transaction_isolation']))[0].level,
          {
            isolation: isolation as 'REPEATABLE READ' | 'SERIALIZABLE' | undefined,
          },
        ),
      ),
    );
    expect(levels).toEqual(['read committed', 'repeatable read', 'serializable']);
  });

  it('when the server drops the connection between two statements: the commit fails with the connection error (503, not 500)', async () => {
    let failure: unknown;
    try {
      await db.transaction(async (tx) => {
        const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await db.query('SELECT pg_terminate_backend($1)', [pid]);
        // the work is done; the server has dropped the connection before COMMIT
        await waitUntil(
          'the transaction connection to end',
          async () => (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length === 0,
          10_000,
          10,
        );
      });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeDefined();
    expect(isDependencyUnavailable(failure)).toBe(true);
    expect(toProblem(failure, 'r1').problem).toMatchObject({ status: 503, code: 'upstream_unavailable' });
    // the pool serves again with a fresh connection
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
