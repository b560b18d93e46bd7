import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { SpanDto } from './dto/span.dto';
import { isoFromUs, parseTimestamp } from './span-model';
import { ListTracesQueryDto, TraceDto, TraceSummaryDto } from './dto/trace.dto';
import { StoredSpan, TRACE_STORE, TraceStore, TraceSummaryRow } from './storage/trace-store';

export const MAX_SPANS_PER_TRACE_RESPONSE = 10_000;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;

const iso = (us: number | null) => (us === null ? null : isoFromUs(us));

export const toTraceSummaryDto = (t: TraceSummaryRow): TraceSummaryDto => ({
  traceId: t.traceId,
  name: t.name,
  startTime: isoFromUs(t.startUs),
  endTime: iso(t.endUs),
  durationMs: t.endUs === null ? null : Math.max(0, t.endUs - t.startUs) / 1000,
  status: t.status,
  spanCount: t.spanCount,
  totalTokens: t.totalTokens,
  totalCostUsd: t.totalCostUsd,
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
    const fromUs = q.from ? timeParam('from', q.from) : undefined;
    const toUs = q.to ? timeParam('to', q.to) : undefined;
    if (fromUs !== undefined && toUs !== undefined && fromUs > toUs) throw badQuery('from', 'must not be after to');
    const rows = await this.store.listTraces(workspaceId, { status: q.status, fromUs, toUs, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => ({ v: isoFromUs(r.startUs), id: r.traceId }), toTraceSummaryDto);
  }

  async get(workspaceId: string, traceId: string): Promise<TraceDto> {
    if (!TRACE_ID.test(traceId)) throw notFound('Trace');
    const found = await this.store.getTrace(workspaceId, traceId.toLowerCase(), MAX_SPANS_PER_TRACE_RESPONSE);
    if (!found) throw notFound('Trace');
    return { ...toTraceSummaryDto(found.trace), spans: found.spans.map(toSpanDto) };
  }
}
