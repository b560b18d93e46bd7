import { Injectable } from '@nestjs/common';
import { Db } from '../../database/db';

/** One hour's deltas of one workspace (bigint columns, summed on conflict). */
export interface HourDelta {
  workspaceId: string;
  /** the UTC hour, epoch ms */
  hour: number;
  accepted: number;
  sampledOut: number;
  validation: number;
  quota: number;
  rateLimited: number;
  tooLarge: number;
  key: number;
}

export interface ErrorRow {
  id: string;
  workspaceId: string;
  at: Date;
  source: string;
  code: string;
  message: string;
  keyPrefix: string | null;
}

export interface CountersRow {
  accepted: string;
  sampled_out: string;
  rejected_validation: string;
  rejected_quota: string;
  rejected_rate_limited: string;
  rejected_too_large: string;
  rejected_key: string;
}

/** Refusals kept per workspace (`lastErrors` shows the newest 20 of a window). */
export const KEPT_ERRORS = 200;

const SUMS = `coalesce(sum(accepted), 0)::text AS accepted, coalesce(sum(sampled_out), 0)::text AS sampled_out,
  coalesce(sum(rejected_validation), 0)::text AS rejected_validation, coalesce(sum(rejected_quota), 0)::text AS rejected_quota,
  coalesce(sum(rejected_rate_limited), 0)::text AS rejected_rate_limited, coalesce(sum(rejected_too_large), 0)::text AS rejected_too_large,
  coalesce(sum(rejected_key), 0)::text AS rejected_key`;

/** The ingest-health module's tables (`ingest_health_hourly`, `ingest_health_errors`). */
@Injectable()
export class IngestHealthRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds the deltas in one statement; every API process does the same, so the rows are sums over processes. Rows go
   * in (workspace, hour) order so two processes' upserts never wait on each other in a cycle.
   */
  async addHours(deltas: HourDelta[]): Promise<void> {
    const rows = [...deltas].sort((a, b) => (a.workspaceId < b.workspaceId ? -1 : a.workspaceId > b.workspaceId ? 1 : a.hour - b.hour));
    const col = <K extends keyof HourDelta>(k: K) => rows.map((r) => r[k]);
    await this.db.query(
      `INSERT INTO ingest_health_hourly AS h (workspace_id, hour, accepted, sampled_out, rejected_validation, rejected_quota,
                rejected_rate_limited, rejected_too_large, rejected_key)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[])
       ON CONFLICT (workspace_id, hour) DO UPDATE SET
         accepted = h.accepted + EXCLUDED.accepted, sampled_out = h.sampled_out + EXCLUDED.sampled_out,
         rejected_validation = h.rejected_validation + EXCLUDED.rejected_validation, rejected_quota = h.rejected_quota + EXCLUDED.rejected_quota,
         rejected_rate_limited = h.rejected_rate_limited + EXCLUDED.rejected_rate_limited,
         rejected_too_large = h.rejected_too_large + EXCLUDED.rejected_too_large, rejected_key = h.rejected_key + EXCLUDED.rejected_key`,
      [
        col('workspaceId'),
        rows.map((r) => new Date(r.hour)),
        col('accepted'),
        col('sampledOut'),
        col('validation'),
        col('quota'),
        col('rateLimited'),
        col('tooLarge'),
        col('key'),
      ],
      { name: 'ingest_health_add_hours' },
    );
  }

  /** Inserts refusals, then keeps only the newest KEPT_ERRORS of each workspace that got some. */
  async addErrors(errors: ErrorRow[]): Promise<void> {
    if (!errors.length) return;
    await this.db.query(
      `INSERT INTO ingest_health_errors (id, workspace_id, at, source, code, message, key_prefix)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::varchar[], $5::varchar[], $6::varchar[], $7::varchar[])`,
      [
        errors.map((e) => e.id),
        errors.map((e) => e.workspaceId),
        errors.map((e) => e.at),
        errors.map((e) => e.source),
        errors.map((e) => e.code),
        errors.map((e) => e.message),
        errors.map((e) => e.keyPrefix),
      ],
    );
    await this.db.query(
      `DELETE FROM ingest_health_errors d USING (
         SELECT id FROM (
           SELECT id, row_number() OVER (PARTITION BY workspace_id ORDER BY at DESC, id DESC) AS n
             FROM ingest_health_errors WHERE workspace_id = ANY($1::uuid[])
         ) ranked WHERE n > $2
       ) old WHERE d.id = old.id`,
      [[...new Set(errors.map((e) => e.workspaceId))], KEPT_ERRORS],
    );
  }

  /** Counter rows older than `before` (retention of the hourly counters). */
  async pruneHours(before: Date): Promise<void> {
    await this.db.query(`DELETE FROM ingest_health_hourly WHERE hour < $1`, [before]);
  }

  /** Sums of the hours in [from, to) (hours that start in the window). */
  async totals(workspaceId: string, from: Date, to: Date): Promise<CountersRow> {
    const [row] = await this.db.query<CountersRow>(
      `SELECT ${SUMS} FROM ingest_health_hourly WHERE workspace_id = $1 AND hour >= date_trunc('hour', $2::timestamptz) AND hour < $3`,
      [workspaceId, from, to],
    );
    return row;
  }

  /** The same sums per UTC day. */
  daily(workspaceId: string, from: Date, to: Date): Promise<(CountersRow & { date: string })[]> {
    return this.db.query<CountersRow & { date: string }>(
      `SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, ${SUMS}
         FROM ingest_health_hourly WHERE workspace_id = $1 AND hour >= date_trunc('hour', $2::timestamptz) AND hour < $3
        GROUP BY 1 ORDER BY 1`,
      [workspaceId, from, to],
    );
  }

  /** The newest refusals in [from, to). */
  lastErrors(workspaceId: string, from: Date, to: Date, limit: number): Promise<ErrorRow[]> {
    return this.db.query<ErrorRow>(
      `SELECT id, workspace_id AS "workspaceId", at, source, code, message, key_prefix AS "keyPrefix"
         FROM ingest_health_errors WHERE workspace_id = $1 AND at >= $2 AND at < $3 ORDER BY at DESC, id DESC LIMIT $4`,
      [workspaceId, from, to, limit],
    );
  }
}
