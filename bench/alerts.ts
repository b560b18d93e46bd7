/**
 * `alerts`: one scheduled evaluation of BENCH_ALERT_RULES alert rules (default 1,000: 10 per workspace over 100
 * workspaces, every metric, windows of 5 min to 24 h, a third with a name/kind/model filter) over BENCH_ALERT_TRACES
 * trace summaries (default 1,000,000, spread over the last 24 h, 10,000 per workspace; 5 % errors), on Postgres.
 * The summaries are written straight into `traces` (the evaluation reads nothing else); the evaluation is the
 * worker's own code (AlertEvaluator.evaluateSlot: claim, one query per distinct workspace/window/filter, record,
 * incidents). Prints wall time and the CPU seconds of this process and of Postgres, and how that compares with the
 * default interval (ratio = interval / wall time: how many times over the evaluation fits in one interval).
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../src/config/config';
import { OutboxRepository } from '../src/common/outbox/outbox.repository';
import { OutboxService } from '../src/common/outbox/outbox.service';
import { createDataSource } from '../src/database/data-source';
import { Db } from '../src/database/db';
import { AlertEvaluator } from '../src/modules/alerts/alert-evaluator';
import { AlertsRepository } from '../src/modules/alerts/alerts.repository';
import { AuditRepository } from '../src/modules/audit/audit.repository';
import { AuditService } from '../src/modules/audit/audit.service';
import { TraceWindowsService } from '../src/modules/ingestion/trace-windows.service';
import { PostgresTraceStore } from '../src/modules/ingestion/storage/postgres/postgres-trace-store';
import { benchContext, cpuDuring, fmt } from './lib/harness';

const TRACES = Number(process.env.BENCH_ALERT_TRACES ?? 1_000_000);
const RULES = Number(process.env.BENCH_ALERT_RULES ?? 1000);
const WORKSPACES = 100;
const WINDOWS = [5, 15, 60, 240, 1440];
const METRICS = ['error_rate', 'p95_latency_ms', 'cost_usd', 'trace_count'] as const;

export async function main() {
  const ctx = benchContext();
  const ds = createDataSource(ctx.databaseUrl, 8);
  await ds.initialize();
  const db = new Db(ds);
  const config = loadConfig({ ...process.env, DATABASE_URL: ctx.databaseUrl, REDIS_URL: ctx.redisUrl });
  try {
    const workspaces = Array.from({ length: WORKSPACES }, () => randomUUID());
    const seeded = Date.now();
    // 1M summaries in one statement: workspace i % 100, starts spread over the last 24 h, 5 % errors, 0.2–12 s
    await db.query(
      `INSERT INTO traces (workspace_id, trace_id, trace_time, name, kind, models, start_time, end_time, status, span_count,
         total_tokens, total_cost_usd, error_count, ok_count, cost_count)
       SELECT ($1::uuid[])[1 + i % $3], gen_random_uuid(), t, CASE WHEN i % 20 = 0 THEN 'checkout-agent' ELSE 'support-agent' END,
         CASE WHEN i % 50 = 0 THEN 'chain' ELSE 'agent' END, CASE WHEN i % 10 = 0 THEN ARRAY['claude-sonnet-4'] ELSE ARRAY['gpt-4o'] END,
         t, t + ((200 + (i::int8 * 7919) % 12000) * interval '1 millisecond'), CASE WHEN i % 20 = 7 THEN 'error' ELSE 'ok' END, 10,
         1000, 0.001 * (1 + i % 5), CASE WHEN i % 20 = 7 THEN 1 ELSE 0 END, 9, 4
         FROM generate_series(1, $2::int) AS i, LATERAL (SELECT now() - ((i * 86400.0 / $2) * interval '1 second') AS t) x`,
      [workspaces, TRACES, WORKSPACES],
    );
    await db.query('ANALYZE traces');
    const rules = Array.from({ length: RULES }, (_, i) => {
      const metric = METRICS[i % METRICS.length];
      const filter = i % 3 === 0 ? [{ name: 'checkout' }, { kind: 'chain' }, { model: 'claude-sonnet-4' }][(i / 3) % 3] : {};
      // thresholds that few rules cross (a realistic evaluation: most rules are quiet, some open incidents)
      const threshold = { error_rate: 0.2, p95_latency_ms: 11_500, cost_usd: 1e6, trace_count: 1e9 }[metric];
      return [
        randomUUID(),
        workspaces[i % WORKSPACES],
        `rule ${i}`,
        metric,
        WINDOWS[i % WINDOWS.length],
        '>',
        threshold,
        JSON.stringify(filter),
      ];
    });
    await db.query(
      `INSERT INTO alert_rules (id, workspace_id, name, metric, window_minutes, operator, threshold, filter)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::int[], $6::text[], $7::float8[], $8::jsonb[])`,
      [0, 1, 2, 3, 4, 5, 6, 7].map((k) => rules.map((r) => r[k])),
    );
    const seconds = (Date.now() - seeded) / 1000;
    const outbox = new OutboxService(new OutboxRepository(db));
    const audit = new AuditService(new AuditRepository(db));
    const evaluator = new AlertEvaluator(
      db,
      new AlertsRepository(db),
      new TraceWindowsService(new PostgresTraceStore(db)),
      outbox,
      audit,
      config,
    );
    await evaluator.evaluateSlot(1); // warm-up: caches, plans (its own slot)
    let report!: Awaited<ReturnType<AlertEvaluator['evaluateSlot']>>;
    const started = performance.now();
    let wall = 0;
    const cpu = await cpuDuring(ctx, undefined, async () => {
      report = await evaluator.evaluateSlot(2);
      wall = (performance.now() - started) / 1000;
    });
    const interval = config.alertEvaluationIntervalSeconds;
    console.log(
      `alerts evaluate rules=${report.rules} traces=${TRACES} queries=${report.queries} opened=${report.opened} wall=${fmt(wall, 2)} s ` +
        `cpu client=${fmt(cpu.client, 2)} s postgres=${fmt(cpu.postgres, 2)} s (seed ${fmt(seconds, 0)} s) ` +
        `interval=${interval} s ratio=${fmt(interval / wall, 1)}`,
    );
    if (report.rules !== RULES || report.failed) throw new Error(`evaluated ${report.rules} of ${RULES} rules, ${report.failed} failed`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
