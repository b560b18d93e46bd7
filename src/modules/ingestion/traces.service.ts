import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { SpanDto } from './dto/span.dto';
import { isoFromUs, parseTimestamp } from './span-model';
import {
  ListTracesQueryDto,
  STATS_BUCKETS,
  TraceDto,
  TraceFilterQueryDto,
  TraceStatsBucketDto,
  TraceStatsDto,
  TraceStatsQueryDto,
  TraceSummaryDto,
} from './dto/trace.dto';
import { StoredSpan, TRACE_STORE, TraceFilter, TraceStatsBucket, TraceStore, TraceSummaryRow } from './storage/trace-store';

export const MAX_SPANS_PER_TRACE_RESPONSE = 10_000;
/** GET /traces/stats: the longest range, the most buckets the default bucket aims at, the most buckets at all. */
export const MAX_STATS_RANGE_US = 31 * 86400 * 1_000_000;
export const DEFAULT_STATS_RANGE_US = 86400 * 1_000_000;
export const DEFAULT_MAX_BUCKETS = 200;
export const MAX_BUCKETS = 1440;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;

const iso = (us: number | null) => (us === null ? null : isoFromUs(us));

export const toTraceSummaryDto = (t: TraceSummaryRow): TraceSummaryDto => ({
  traceId: t.traceId,
  name: t.name,
  kind: t.kind,
  startTime: isoFromUs(t.startUs),
  endTime: iso(t.endUs),
  durationMs: t.endUs === null ? null : Math.max(0, t.endUs - t.startUs) / 1000,
  status: t.status,
  spanCount: t.spanCount,
  totalTokens: t.totalTokens,
  totalCostUsd: t.totalCostUsd,
  models: t.models,
});

const toSpanDto = (s: StoredSpan): SpanDto => ({
  traceId: s.traceId,
  spanId: s.spanId,
  parentSpanId: s.parentSpanId,
  name: s.name,
  kind: s.kind,
  startTime: isoFromUs(s.startUs),
  endTime: iso(s.endUs),
  status: s.status,
  statusMessage: s.statusMessage,
  input: s.input,
  output: s.output,
  attributes: s.attributes,
  model: s.model,
  usage: s.usage,
  costUsd: s.costUsd,
});

const badQuery = (field: string, message: string) =>
  new DomainError('validation_failed', `${field} ${message}`, { errors: [{ field, message }] });

/** A time filter (already an ISO-8601 date-time by the DTO) as epoch µs. */
function timeParam(field: string, value: string): number {
  const us = parseTimestamp(value);
  if (us !== null) return us;
  const ms = Date.parse(value); // date-only or offset-less forms the DTO's ISO check lets through
  if (Number.isNaN(ms)) throw badQuery(field, 'must be an ISO-8601 date-time');
  return ms * 1000;
}

/** The store's filter of the query's filters (time bounds as epoch µs; an empty name is no filter). */
function filterOf(q: TraceFilterQueryDto): TraceFilter {
  return {
    status: q.status,
    fromUs: q.from ? timeParam('from', q.from) : undefined,
    toUs: q.to ? timeParam('to', q.to) : undefined,
    name: q.name || undefined,
    kind: q.kind,
    model: q.model,
    minDurationMs: q.minDurationMs,
    minCostUsd: q.minCostUsd,
  };
}

/** Reads traces for the trace endpoints (always scoped by the caller's workspace). */
@Injectable()
export class TracesService {
  constructor(@Inject(TRACE_STORE) private readonly store: TraceStore) {}

  async list(workspaceId: string, q: ListTracesQueryDto): Promise<Page<TraceSummaryDto>> {
    const limit = pageLimit(q);
    const cursor = decodeCursor(q.cursor);
    let after: { startUs: number; traceId: string } | undefined;
    if (cursor) {
      const startUs = typeof cursor.v === 'string' ? parseTimestamp(cursor.v) : null;
      if (startUs === null || !TRACE_ID.test(cursor.id)) throw badQuery('cursor', 'is not a valid cursor');
      after = { startUs, traceId: cursor.id };
    }
    const filter = filterOf(q);
    if (filter.fromUs !== undefined && filter.toUs !== undefined && filter.fromUs > filter.toUs)
      throw badQuery('from', 'must not be after to');
    const rows = await this.store.listTraces(workspaceId, { ...filter, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => ({ v: isoFromUs(r.startUs), id: r.traceId }), toTraceSummaryDto);
  }

  /**
   * Buckets over [from, to) (default the last 24 h, at most 31 days): every bucket that overlaps the range, empty ones
   * included, so a chart's axis is the response's.
   */
  async stats(workspaceId: string, q: TraceStatsQueryDto, now = Date.now()): Promise<TraceStatsDto> {
    const filter = filterOf(q);
    const toUs = filter.toUs ?? (filter.fromUs !== undefined ? Math.min(now * 1000, filter.fromUs + MAX_STATS_RANGE_US) : now * 1000);
    const fromUs = filter.fromUs ?? toUs - DEFAULT_STATS_RANGE_US;
    if (fromUs >= toUs) throw badQuery('from', 'must be before to');
    if (toUs - fromUs > MAX_STATS_RANGE_US) throw badQuery('to', 'must be at most 31 days after from');
    const count = (seconds: number) => {
      const us = seconds * 1_000_000;
      return Math.floor((toUs - 1) / us) - Math.floor(fromUs / us) + 1;
    };
    let bucketSeconds: number;
    if (q.bucket) {
      bucketSeconds = STATS_BUCKETS[q.bucket];
      if (count(bucketSeconds) > MAX_BUCKETS) {
        throw badQuery(
          'bucket',
          `makes ${count(bucketSeconds)} buckets over this range, more than ${MAX_BUCKETS}: take a larger bucket or a shorter range`,
        );
      }
    } else {
      const sizes = Object.values(STATS_BUCKETS);
      bucketSeconds = sizes.find((b) => count(b) <= DEFAULT_MAX_BUCKETS) ?? sizes[sizes.length - 1];
    }
    const found = await this.store.traceStats(workspaceId, { ...filter, fromUs, toUs, bucketSeconds });
    const byStart = new Map<number, TraceStatsBucket>(found.map((b) => [b.startUs, b]));
    const width = bucketSeconds * 1_000_000;
    const buckets: TraceStatsBucketDto[] = [];
    for (let start = Math.floor(fromUs / width) * width; start < toUs; start += width) {
      const b = byStart.get(start);
      buckets.push({
        start: isoFromUs(start),
        traces: b?.traces ?? 0,
        errors: b?.errors ?? 0,
        p50DurationMs: b?.p50DurationMs ?? null,
        p95DurationMs: b?.p95DurationMs ?? null,
        totalTokens: b?.totalTokens ?? 0,
        totalCostUsd: b?.totalCostUsd ?? null,
      });
    }
    return { from: isoFromUs(fromUs), to: isoFromUs(toUs), bucketSeconds, buckets };
  }

  async get(workspaceId: string, traceId: string): Promise<TraceDto> {
    if (!TRACE_ID.test(traceId)) throw notFound('Trace');
    const found = await this.store.getTrace(workspaceId, traceId.toLowerCase(), MAX_SPANS_PER_TRACE_RESPONSE);
    if (!found) throw notFound('Trace');
    return { ...toTraceSummaryDto(found.trace), spans: found.spans.map(toSpanDto) };
  }
}
