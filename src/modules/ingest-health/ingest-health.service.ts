import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { IngestEvent, IngestHealthRecorder } from '../../common/ingest-health';
import { validationFailed } from '../../common/errors/domain-error';
import { reportSwallowed } from '../../common/metrics/swallowed';
import { newId } from '../../database/columns';
import { CountersRow, ErrorRow, HourDelta, IngestHealthRepository } from './ingest-health.repository';
import { IngestHealthDto, IngestHealthQueryDto } from './dto/ingest-health.dto';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** the longest window one request may ask for */
const MAX_WINDOW_DAYS = 366;
/** hourly counters are kept this long */
const RETENTION_DAYS = 400;
/** refusals kept per workspace per flush (a flood of 401s writes at most this many rows a second) */
const ERRORS_PER_FLUSH = 20;
/** deltas kept while writes fail (workspace × hour entries) */
const MAX_PENDING = 100_000;
const LAST_ERRORS = 20;

const n = (v: string) => Number(v);

/**
 * Ingestion health: the response hook's events are summed in memory per (workspace, UTC hour) and written every
 * second by one upsert that adds them to the shared counters row (so every API process's counts add up), with the
 * refusals; reads sum the rows of the window. The hot path costs a Map lookup and a few additions per request.
 * A failed write is logged and counted (swallowed_errors_total{where="ingest_health.flush"}) and its deltas are kept
 * for the next flush; `onModuleDestroy` flushes what is left.
 */
@Injectable()
export class IngestHealthService implements IngestHealthRecorder, OnModuleInit, OnModuleDestroy {
  private pending = new Map<string, HourDelta>();
  private errors: ErrorRow[] = [];
  private errorsPerWorkspace = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private lastPrune = 0;

  constructor(private readonly repo: IngestHealthRepository) {}

  onModuleInit() {
    this.timer = setInterval(() => void this.flush(), 1000);
    this.timer.unref();
  }

  async onModuleDestroy() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  record(e: IngestEvent): void {
    const hour = e.at - (e.at % HOUR);
    const key = `${e.workspaceId}|${hour}`;
    let d = this.pending.get(key);
    if (!d) {
      if (this.pending.size >= MAX_PENDING) return reportSwallowed('ingest_health.pending_full', new Error('too many pending counters'));
      d = { workspaceId: e.workspaceId, hour, accepted: 0, sampledOut: 0, validation: 0, quota: 0, rateLimited: 0, tooLarge: 0, key: 0 };
      this.pending.set(key, d);
    }
    d.accepted += e.accepted;
    d.sampledOut += e.sampledOut;
    d.validation += e.validation;
    d.quota += e.quota;
    d.rateLimited += e.rateLimited;
    d.tooLarge += e.tooLarge;
    d.key += e.expiredOrRevokedKey;
    if (e.error) {
      const seen = this.errorsPerWorkspace.get(e.workspaceId) ?? 0;
      if (seen < ERRORS_PER_FLUSH) {
        this.errorsPerWorkspace.set(e.workspaceId, seen + 1);
        this.errors.push({ id: newId(), workspaceId: e.workspaceId, at: new Date(e.at), source: e.source, ...e.error });
      }
    }
  }

  /** Writes what is pending (one write at a time; a flush asked for meanwhile runs after it). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size) {
      const deltas = [...this.pending.values()];
      this.pending = new Map();
      try {
        await this.repo.addHours(deltas);
      } catch (err) {
        reportSwallowed('ingest_health.flush', err, { rows: deltas.length });
        for (const d of deltas) this.merge(d);
      }
    }
    if (this.errors.length) {
      const errors = this.errors;
      this.errors = [];
      this.errorsPerWorkspace = new Map();
      // refusals are samples for display: a failed write drops them (logged and counted), the counters are kept
      await this.repo.addErrors(errors).catch((err: unknown) => reportSwallowed('ingest_health.errors', err, { rows: errors.length }));
    }
    if (Date.now() - this.lastPrune > HOUR) {
      this.lastPrune = Date.now();
      await this.repo
        .pruneHours(new Date(Date.now() - RETENTION_DAYS * DAY))
        .catch((err: unknown) => reportSwallowed('ingest_health.prune', err));
    }
  }

  private merge(d: HourDelta) {
    const key = `${d.workspaceId}|${d.hour}`;
    const into = this.pending.get(key);
    if (!into) {
      if (this.pending.size < MAX_PENDING) this.pending.set(key, d);
      return;
    }
    into.accepted += d.accepted;
    into.sampledOut += d.sampledOut;
    into.validation += d.validation;
    into.quota += d.quota;
    into.rateLimited += d.rateLimited;
    into.tooLarge += d.tooLarge;
    into.key += d.key;
  }

  /** GET /api/v1/ingest/health: the window's totals, per UTC day, and the latest refusals. */
  async health(workspaceId: string, q: IngestHealthQueryDto): Promise<IngestHealthDto> {
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY);
    if (!Number.isFinite(from.getTime())) throw validationFailed('from', 'must be a valid ISO-8601 time');
    if (!Number.isFinite(to.getTime())) throw validationFailed('to', 'must be a valid ISO-8601 time');
    if (from >= to) throw validationFailed('from', 'must be before to');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY)
      throw validationFailed('from', `the window is at most ${MAX_WINDOW_DAYS} days`);
    const [totals, days, errors] = await Promise.all([
      this.repo.totals(workspaceId, from, to),
      this.repo.daily(workspaceId, from, to),
      this.repo.lastErrors(workspaceId, from, to, LAST_ERRORS),
    ]);
    const byDate = new Map(days.map((d) => [d.date, d]));
    const daily: IngestHealthDto['daily'] = [];
    for (let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()); t < to.getTime(); t += DAY) {
      const date = new Date(t).toISOString().slice(0, 10);
      const d = byDate.get(date);
      daily.push({ date, accepted: d ? n(d.accepted) : 0, sampledOut: d ? n(d.sampled_out) : 0, rejected: d ? rejectedSum(d) : 0 });
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      accepted: n(totals.accepted),
      sampledOut: n(totals.sampled_out),
      rejected: {
        validation: n(totals.rejected_validation),
        quota: n(totals.rejected_quota),
        rateLimited: n(totals.rejected_rate_limited),
        tooLarge: n(totals.rejected_too_large),
        expiredOrRevokedKey: n(totals.rejected_key),
      },
      daily,
      lastErrors: errors.map((e) => ({
        at: e.at.toISOString(),
        source: e.source as 'ingest' | 'otlp',
        code: e.code,
        message: e.message,
        keyPrefix: e.keyPrefix,
      })),
    };
  }
}

const rejectedSum = (d: CountersRow) =>
  n(d.rejected_validation) + n(d.rejected_quota) + n(d.rejected_rate_limited) + n(d.rejected_too_large) + n(d.rejected_key);
