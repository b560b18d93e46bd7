import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, Query, type Pool, type PoolClient, type QueryConfig, type QueryResult } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { guardPoolClients } from './pg-pool';

/**
 * The project's one data-access layer (CONTRIBUTING.md, "Data access"): every module's repository reads and
 * writes through `Db` (outside a transaction) or a `Tx` (inside one, from `Db.transaction`). Nothing else in
 * the code base touches TypeORM's DataSource or the pg pool; neither type leaves `src/database/`.
 *
 * - Settings domains use TypeORM's entity API through `manager` (find, save, insert, update, query builder).
 * - Statements the entity API cannot express, and hot paths, use `query` with parameters; a `name` prepares the
 *   statement once per connection (parsed and planned once).
 * Both run on the same connection inside a `Tx`, so a service can mix repositories of several modules in one
 * transaction (e.g. a change, its audit entry and its outbox message).
 */
export interface Sql {
  /** The rows of one parameterised statement (also of `UPDATE … RETURNING`). */
  query<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** The rows and the number of rows the statement affected (INSERT/UPDATE/DELETE without RETURNING). */
  execute<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<T>>;
  /** TypeORM's entity manager on the same connection (and transaction). */
  readonly manager: EntityManager;
}

export interface QueryOptions {
  /** prepare once per connection under this name (hot paths; the text of a name must never change) */
  name?: string;
}

export interface SqlResult<T> {
  rows: T[];
  count: number;
}

/** A connection LISTENing on a channel, outside the pool (it holds its connection for as long as it listens). */
export interface Listener {
  close(): Promise<void>;
}

export interface ListenHandlers {
  /** a NOTIFY arrived on the channel */
  notify(payload: string | undefined): void;
  /** the connection ended (server restart, network): listen again if you still want notifications */
  end(): void;
  /** a connection error (always followed by `end`) */
  error(err: Error): void;
}

export interface TransactionOptions {
  isolation?: 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';
}

const logger = new Logger('Db');

const config = (text: string, values: readonly unknown[] | undefined, options: QueryOptions | undefined): QueryConfig => ({
  text,
  values: values as unknown[] | undefined,
  name: options?.name,
});

/** The part of node-postgres' connection a submittable query writes to. */
interface PgConnection {
  stream: { cork(): void; uncork(): void; write(chunk: Buffer): boolean };
}

/**
 * `COPY … FROM STDIN` of data already in memory, as a node-postgres "submittable" (like pg-copy-streams): the Query
 * message, the data as one CopyData message and CopyDone go out corked, in one socket write, instead of the
 * statement, a wait for the server's CopyInResponse, then three more writes. The protocol allows it: a server
 * that fails the statement or the COPY drops the CopyData and CopyDone that follow (PostgreSQL's "COPY Operations",
 * "Message Flow"; PostgresMain ignores them outside copy mode). Settles on ReadyForQuery (the rows are in and the
 * connection is free) or on the server's error; the caller may reuse `data` only after that.
 */
class CopyInOneWrite {
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly settle: (err?: Error) => void,
  ) {}

  submit(connection: PgConnection): void {
    const textBytes = Buffer.byteLength(this.text);
    const head = Buffer.allocUnsafe(1 + 4 + textBytes + 1 + 1 + 4);
    head[0] = 0x51; // 'Q'
    head.writeInt32BE(4 + textBytes + 1, 1);
    head.write(this.text, 5, 'utf8');
    head[5 + textBytes] = 0;
    head[6 + textBytes] = 0x64; // 'd' CopyData
    head.writeInt32BE(4 + this.data.length, 7 + textBytes);
    const { stream } = connection;
    stream.cork();
    stream.write(head);
    stream.write(this.data);
    stream.write(COPY_DONE);
    stream.uncork();
  }

  /** the data went out with the statement */
  handleCopyInResponse(): void {}

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.settle();
  }

  /** node-postgres calls this instead of handleReadyForQuery when the server answered with an error */
  handleError(err: Error): void {
    this.settle(err);
  }

  /** defined so that node-postgres may wrap it (its query_timeout), as for pg-copy-streams */
  callback(): void {}
}

/** CopyDone: 'c', length 4 */
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/** The part of node-postgres' connection a query writes its extended-protocol messages with. */
interface PgWire {
  parse(m: { text: string; name?: string; types?: unknown }): void;
  bind(m: Record<string, unknown>): void;
  execute(m: Record<string, unknown>): void;
  submittedNamedStatements: Record<string, string>;
}

/** node-postgres' Query as it is driven by its client (lib/query.js), for `AfterBegin`. */
const PgQuery = Query as unknown as new (
  config: QueryConfig & { queryMode?: 'extended'; callback: (err: Error | null, res: QueryResult) => void },
) => Query & {
  readonly name?: string;
  readonly text: string;
  readonly types?: unknown;
  hasBeenParsed(connection: PgWire): boolean;
  prepare(connection: PgWire): void;
  handleCommandComplete(msg: unknown, connection: PgWire): void;
};

/**
 * A transaction's first statement with its BEGIN ahead of it, in one write and one round trip: the extended
 * protocol runs BEGIN (Parse, Bind, Execute of the unnamed statement) and then the statement before the one Sync
 * (PostgreSQL "Pipelining": a BEGIN in the pipeline makes what follows a regular transaction block, which the Sync
 * leaves open). A statement that is not prepared yet on this connection is parsed before BEGIN, so the first
 * ParseComplete is its own (node-postgres records the statement as prepared on the first one). BEGIN's
 * CommandComplete is not a result of the statement. Any error fails the statement's promise; the caller's
 * ROLLBACK then ends the transaction, as after any failed statement.
 */
class AfterBegin extends PgQuery {
  private begun = false;

  constructor(
    private readonly begin: string,
    config: QueryConfig,
    callback: (err: Error | null, res: QueryResult) => void,
  ) {
    super({ ...config, queryMode: 'extended', callback });
  }

  override prepare(connection: PgWire): void {
    if (this.name && !this.hasBeenParsed(connection)) {
      connection.parse({ text: this.text, name: this.name, types: this.types });
      connection.submittedNamedStatements[this.name] = this.text;
    }
    connection.parse({ text: this.begin });
    connection.bind({});
    connection.execute({});
    super.prepare(connection);
  }

  override handleCommandComplete(msg: unknown, connection: PgWire): void {
    if (this.begun) super.handleCommandComplete(msg, connection);
    else this.begun = true;
  }
}

/**
 * A transaction on one pooled connection: every statement runs on it until `Db.transaction`'s callback settles.
 * BEGIN goes out with the first statement (`AfterBegin`: a statement with parameters or a name, as every hot-path
 * statement is) or queued just ahead of it (node-postgres runs a client's queries in order); COMMIT or ROLLBACK is
 * sent by `Db.transaction`, and a COMMIT the server answers with ROLLBACK is an error. TypeORM's entity manager is there
 * for the settings domains, on the same connection.
 */
export class Tx implements Sql {
  /** set when the callback has settled: a repository holding on to the Tx fails loudly instead of running outside it */
  private closed = false;
  /** BEGIN has been sent (or queued): COMMIT or ROLLBACK must follow */
  private begun = false;
  /** a BEGIN queued ahead of the next statement: settles (never rejects) once the server has answered it */
  private queuedBegin?: Promise<void>;
  /** that BEGIN's failure (a broken connection, which fails every statement after it too): thrown by `commit` */
  private beginError?: Error;
  private runner?: QueryRunner;

  constructor(
    private readonly client: PoolClient,
    private readonly ds: DataSource,
    private readonly begin: string,
  ) {}

  /** TypeORM's entity manager on this transaction's connection (a query runner bound to it, never to the pool). */
  get manager(): EntityManager {
    this.assertOpen();
    if (!this.runner) {
      this.queueBegin();
      const runner = this.ds.createQueryRunner('master');
      // PostgresQueryRunner.connect() answers its `databaseConnection` when set; the transaction is ours, not TypeORM's
      Object.assign(runner, { databaseConnection: this.client, isTransactionActive: true });
      this.runner = runner;
    }
    return this.runner.manager;
  }

  async query<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: QueryOptions): Promise<T[]> {
    return (await this.execute<T>(text, values, options)).rows;
  }

  async execute<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<T>> {
    this.assertOpen();
    const cfg = config(text, values, options);
    let res: QueryResult;
    if (!this.begun && (cfg.name || values?.length)) {
      this.begun = true;
      res = await new Promise<QueryResult>((resolve, reject) => {
        this.client.query(new AfterBegin(this.begin, cfg, (err, r) => (err ? reject(err) : resolve(r))));
      });
    } else {
      this.queueBegin();
      res = await this.client.query(cfg);
    }
    return { rows: res.rows as T[], count: res.rowCount ?? 0 };
  }

  /** `COPY … FROM STDIN` with the given data (text or binary format, as the statement says), sent in one write. */
  copyFrom(text: string, data: Buffer | string): Promise<void> {
    this.assertOpen();
    this.queueBegin();
    return new Promise((resolve, reject) => {
      this.client.query(
        new CopyInOneWrite(text, typeof data === 'string' ? Buffer.from(data) : data, (err) => (err ? reject(err) : resolve())),
      );
    });
  }

  /**
   * @internal (Db) COMMIT, when anything was begun. BEGIN's own failure (a broken connection) fails the commit; so does
   * a COMMIT the server answers with ROLLBACK (a statement had failed and the work went on: nothing was committed).
   */
  async commit(): Promise<void> {
    if (!this.begun) return;
    await this.queuedBegin;
    if (this.beginError) throw this.beginError;
    const res = await this.client.query('COMMIT');
    if (res.command === 'ROLLBACK')
      throw new Error('the transaction had failed (a statement in it was refused): rolled back, nothing committed');
  }

  /** @internal (Db) ROLLBACK, when anything was begun */
  async rollback(): Promise<void> {
    if (this.begun) await this.client.query('ROLLBACK');
  }

  /** @internal (Db) */
  close() {
    this.closed = true;
    if (this.runner) Object.assign(this.runner, { databaseConnection: undefined, isTransactionActive: false, isReleased: true });
  }

  /** BEGIN queued ahead of what is sent next (its failure is the commit's, and fails every statement after it too) */
  private queueBegin() {
    if (this.begun) return;
    this.begun = true;
    this.queuedBegin = this.client.query(this.begin).then(
      () => undefined,
      (err: Error) => {
        this.beginError = err;
      },
    );
  }

  private assertOpen() {
    if (this.closed) throw new Error('this transaction has ended: a repository kept its Tx past Db.transaction');
  }
}

@Injectable()
export class Db implements Sql {
  private readonly pool: Pool;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.pool = guardPoolClients((ds.driver as unknown as { master: Pool }).master);
  }

  get manager(): EntityManager {
    return this.ds.manager;
  }

  async query<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: QueryOptions): Promise<T[]> {
    return (await this.execute<T>(text, values, options)).rows;
  }

  async execute<T = Record<string, unknown>>(text: string, values?: readonly unknown[], options?: QueryOptions): Promise<SqlResult<T>> {
    const res = await this.pool.query(config(text, values, options));
    return { rows: res.rows as T[], count: res.rowCount ?? 0 };
  }

  /** Opens a dedicated connection and LISTENs on `channel` (e.g. the outbox relay's wake-up). */
  async listen(channel: string, handlers: ListenHandlers): Promise<Listener> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
    const client = new Client({ connectionString: (this.ds.options as { url: string }).url });
    client.on('error', (err) => handlers.error(err));
    client.on('notification', (n) => handlers.notify(n.payload));
    client.on('end', () => handlers.end());
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
    } catch (err) {
      // it never listened: the caller gets (and reports) the first error; closing the half-open client is cleanup
      await client.end().catch((e: Error) => logger.warn({ channel, err: e.message }, 'closing a failed listener failed'));
      throw err;
    }
    return { close: () => client.end() };
  }

  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws (the error is
   * rethrown as it was). The connection comes from the pool and goes back to it; a connection that failed (the
   * server dropped it, a rollback that could not be sent) is handed back with the error, so the pool drops it.
   * BEGIN travels with the first statement (`Tx`), COMMIT is one more round trip.
   */
  async transaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    const tx = new Tx(client, this.ds, options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
    let result: T;
    try {
      result = await work(tx);
      await tx.commit();
    } catch (err) {
      tx.close();
      try {
        await tx.rollback();
        client.release();
      } catch (rollbackError) {
        // the connection is broken (server gone, terminated): released with the error, so the pool drops it
        logger.warn({ err: (rollbackError as Error).message }, 'rollback failed; the connection is discarded');
        client.release(rollbackError as Error);
      }
      throw err;
    }
    tx.close();
    client.release();
    return result;
  }
}
