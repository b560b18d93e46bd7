/**
 * `ingest-explain`: EXPLAIN (ANALYZE, BUFFERS) of every statement the Postgres trace store runs for one batch of
 * the realistic mix (bench/lib/spans.ts `makeMixBatches`: half new traces, half continuations of traces started
 * earlier, 5 % resends), after `BENCH_EXPLAIN_BATCHES` (default 120) batches of the same mix went in, so the
 * tables have the shape the `ingest` bench measures. Each statement is explained inside a savepoint that is
 * rolled back, then run for real, so the write goes on exactly as in production. Prints the plans (README,
 * "Performance") and a line ending in ratio=; BENCH_EXPLAIN_GENERIC=1 explains the generic plans of the named statements
 * (what PostgreSQL runs once it stops planning a prepared statement per execution) (the explained batch's total execution time over its spans, in µs).
 */
import { randomUUID } from 'node:crypto';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue(v: unknown): unknown };
import { createDataSource } from '../src/database/data-source';
import { Db, Tx } from '../src/database/db';
import { NormalizedSpan, normalizeSpan } from '../src/modules/ingestion/span-model';
import { PostgresTraceStore } from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { BenchContext, benchContext, fmt, runSenders } from './lib/harness';
import { makeMixBatches } from './lib/spans';

const BATCH = 500;
const SENDERS = 4;

/** A Db whose transactions explain each parameterised statement before running it (when `explaining`). */
class ExplainingDb extends Db {
  explaining = false;
  readonly plans: { sql: string; plan: string; ms: number }[] = [];

  override transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return super.transaction((tx) => {
      if (!this.explaining) return work(tx);
      const wrapped = new Proxy(tx, {
        get: (target, prop, receiver) => {
          if (prop !== 'query' && prop !== 'execute') return Reflect.get(target, prop, receiver);
          return async (text: string, values?: unknown[], options?: { name?: string }) => {
            if (values?.length) {
              await target.query('SAVEPOINT explain');
              let rows: { 'QUERY PLAN': string }[];
              if (options?.name && process.env.BENCH_EXPLAIN_GENERIC) {
                // the generic plan, as a named statement gets once PostgreSQL stops planning it per execution
                await target.query('SET LOCAL plan_cache_mode = force_generic_plan');
                await target.query(`PREPARE explain_generic AS ${text}`);
                // EXECUTE takes no bind parameters: the values as literals, in the driver's text form
                const literal = (v: unknown) => {
                  const text = prepareValue(v) as string | null;
                  return text === null ? 'NULL' : `'${text.replace(/'/g, "''")}'`;
                };
                rows = await target.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE explain_generic(${values.map(literal).join(', ')})`);
                await target.query('DEALLOCATE explain_generic');
              } else {
                rows = await target.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
              }
              await target.query('ROLLBACK TO SAVEPOINT explain');
              const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
              const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
              this.plans.push({ sql: text.trim().split('\n')[0].slice(0, 100), plan, ms });
            }
            return prop === 'query' ? target.query(text, values, options) : target.execute(text, values, options);
          };
        },
      });
      return work(wrapped);
    });
  }
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const batches = Number(process.env.BENCH_EXPLAIN_BATCHES ?? 120);
  const now = Date.now();
  const { mix } = makeMixBatches(batches + 1, BATCH, SENDERS);
  const data: NormalizedSpan[][] = mix.map((spans) => spans.map(({ traceTime: _, ...s }) => normalizeSpan(s, now)));
  const ds = createDataSource(ctx.databaseUrl, 4);
  await ds.initialize();
  const db = new ExplainingDb(ds);
  const store = new PostgresTraceStore(db);
  await store.prepare(new Date(now - 3600_000));
  const workspaceId = randomUUID();
  const noop = { dropIfNew: new Set<string>(), beforeCommit: async () => undefined };
  try {
    await runSenders(0, batches, SENDERS, (i) => store.write(workspaceId, data[i], noop).then(() => undefined));
    await db.query('ANALYZE traces');
    await db.query('ANALYZE spans');
    // the explained batch: a mix batch with resends (every 5th has them)
    const last = data[batches];
    db.explaining = true;
    let prepared: { name: string; generic_plans: string; custom_plans: string }[] = [];
    await store.write(workspaceId, last, {
      ...noop,
      // on the write's own connection: how PostgreSQL has been planning the named statements (generic = planned once)
      beforeCommit: async (_outcome, tx) => {
        prepared = await tx.query(
          `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'ingest_%' ORDER BY name`,
        );
      },
    });
    db.explaining = false;
    console.log(
      `named statements on the explained batch's connection: ${prepared.map((p) => `${p.name} generic ${p.generic_plans} / custom ${p.custom_plans}`).join('; ')}`,
    );
    for (const p of db.plans) console.log(`\n-- ${p.sql} …\n${p.plan}`);
    const total = db.plans.reduce((n, p) => n + p.ms, 0);
    const [hot] = await db.query<{ upd: string; hot: string }>(
      `SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE relname = 'traces'`,
    );
    console.log(`\ntraces: ${hot?.upd} row updates, ${hot?.hot} of them heap-only (no index entries)`);
    console.log(
      `\ningest-explain: ${db.plans.length} statements for one ${last.length}-span mix batch after ${batches} batches: ` +
        `${fmt(total, 2)} ms execution (COPY not included) ratio=${fmt((total * 1000) / last.length, 2)}`,
    );
  } finally {
    await ds.destroy();
  }
}
