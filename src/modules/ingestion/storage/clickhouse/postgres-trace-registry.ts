import { Db } from '../../../../database/db';
import { ClaimedTrace, RegistryTransaction, TraceClaim, TraceRegistry } from './trace-registry';

/**
 * New traces are inserted, existing ones get `version + 1`, in trace id order (concurrent batches sharing traces
 * wait for each other instead of deadlocking). `first_error_version` records the write that brought the trace's
 * first error span: it equals the returned version exactly when this write did.
 */
const CLAIM = `
INSERT INTO trace_registry AS r (workspace_id, trace_id, trace_time, first_error_version)
SELECT $1, a.id, 'epoch'::timestamptz + a.us * interval '1 microsecond', CASE WHEN a.err THEN 1 END
  FROM unnest($2::uuid[], $3::int8[], $4::bool[]) AS a(id, us, err)
 WHERE a.id <> ALL($5::uuid[]) OR EXISTS (SELECT 1 FROM trace_registry x WHERE x.workspace_id = $1 AND x.trace_id = a.id)
 ORDER BY a.id
ON CONFLICT (workspace_id, trace_id) DO UPDATE SET version = r.version + 1,
  first_error_version = CASE WHEN r.first_error_version IS NULL AND EXCLUDED.first_error_version IS NOT NULL
                             THEN r.version + 1 ELSE r.first_error_version END
RETURNING replace(r.trace_id::text, '-', '') AS trace_id, (extract(epoch FROM r.trace_time) * 1000000)::int8 AS trace_us,
  r.version, (r.xmax = 0) AS inserted, coalesce(r.first_error_version = r.version, false) AS first_error`;

const asUuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** The trace registry in Postgres (table `trace_registry`, owned by the ingestion module). */
export class PostgresTraceRegistry implements TraceRegistry {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (tx: RegistryTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async claim(tx: RegistryTransaction, workspaceId: string, traces: TraceClaim[], dropIfNew: ReadonlySet<string>): Promise<ClaimedTrace[]> {
    const rows = await tx.query<{ trace_id: string; trace_us: string; version: string; inserted: boolean; first_error: boolean }>(
      CLAIM,
      [
        workspaceId,
        traces.map((t) => asUuid(t.traceId)),
        traces.map((t) => String(t.firstStartUs)),
        traces.map((t) => t.hasError),
        [...dropIfNew].map(asUuid),
      ],
      { name: 'ch_registry_claim' },
    );
    return rows.map((r) => ({
      traceId: r.trace_id,
      inserted: r.inserted,
      traceTimeUs: Number(r.trace_us),
      version: Number(r.version),
      firstError: r.first_error,
    }));
  }

  async rehearse(tx: RegistryTransaction, work: () => Promise<void>): Promise<void> {
    await tx.execute('SAVEPOINT rehearsal');
    try {
      await work();
    } finally {
      // also releases the row locks taken meanwhile (the quota row): none is held during the ClickHouse insert
      await tx.execute('ROLLBACK TO SAVEPOINT rehearsal');
      await tx.execute('RELEASE SAVEPOINT rehearsal');
    }
  }

  async workspaces(): Promise<string[]> {
    // a loose index scan over the primary key: one probe per workspace
    const rows = await this.db.query<{ workspace_id: string }>(`
      WITH RECURSIVE ws AS (
        (SELECT workspace_id FROM trace_registry ORDER BY workspace_id LIMIT 1)
        UNION ALL
        SELECT (SELECT t.workspace_id FROM trace_registry t WHERE t.workspace_id > ws.workspace_id ORDER BY t.workspace_id LIMIT 1)
          FROM ws WHERE ws.workspace_id IS NOT NULL
      )
      SELECT workspace_id FROM ws WHERE workspace_id IS NOT NULL`);
    return rows.map((r) => r.workspace_id);
  }

  async expire(workspaceId: string, cutoff: Date, limit: number, remove: (traceIds: string[]) => Promise<void>): Promise<number> {
    return this.transaction(async (tx) => {
      // SKIP LOCKED: a trace being written right now is left for the next round (no waiting, no deadlock)
      const rows = await tx.query<{ trace_id: string }>(
        `WITH doomed AS (
           SELECT trace_id FROM trace_registry WHERE workspace_id = $1 AND trace_time < $2 LIMIT ${Math.trunc(limit)} FOR UPDATE SKIP LOCKED
         )
         DELETE FROM trace_registry r USING doomed d WHERE r.workspace_id = $1 AND r.trace_id = d.trace_id
         RETURNING replace(r.trace_id::text, '-', '') AS trace_id`,
        [workspaceId, cutoff],
      );
      if (rows.length) await remove(rows.map((r) => r.trace_id));
      return rows.length;
    });
  }

  async forgetBefore(bound: Date): Promise<number> {
    return (await this.db.execute('DELETE FROM trace_registry WHERE trace_time < $1', [bound])).count;
  }
}
