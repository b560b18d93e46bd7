import { Inject, Injectable } from '@nestjs/common';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { decodeCursor, Page, pageLimit, toPage } from '../../common/pagination/pagination';
import { SpanDto } from './dto/span.dto';
import { ListTracesQueryDto, TraceDto, TraceSummaryDto } from './dto/trace.dto';
import { StoredSpan, TRACE_STORE, TraceStore, TraceSummaryRow } from './storage/trace-store';

export const MAX_SPANS_PER_TRACE_RESPONSE = 10_000;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toTraceSummaryDto = (t: TraceSummaryRow): TraceSummaryDto => ({
  traceId: t.traceId,
  name: t.name,
  startTime: t.startTime.toISOString(),
  endTime: iso(t.endTime),
  durationMs: t.endTime ? Math.max(0, t.endTime.getTime() - t.startTime.getTime()) : null,
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
  startTime: s.startTime.toISOString(),
  endTime: iso(s.endTime),
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

/** Reads traces for the trace endpoints (always scoped by the caller's workspace). */
@Injectable()
export class TracesService {
  constructor(@Inject(TRACE_STORE) private readonly store: TraceStore) {}

  async list(workspaceId: string, q: ListTracesQueryDto): Promise<Page<TraceSummaryDto>> {
    const limit = pageLimit(q);
    const cursor = decodeCursor(q.cursor);
    let after: { startTime: Date; traceId: string } | undefined;
    if (cursor) {
      const startTime = typeof cursor.v === 'string' ? new Date(cursor.v) : new Date(NaN);
      if (Number.isNaN(startTime.getTime()) || !TRACE_ID.test(cursor.id)) throw badQuery('cursor', 'is not a valid cursor');
      after = { startTime, traceId: cursor.id };
    }
    const from = q.from ? new Date(q.from) : undefined;
    const to = q.to ? new Date(q.to) : undefined;
    if (from && to && from.getTime() > to.getTime()) throw badQuery('from', 'must not be after to');
    const rows = await this.store.listTraces(workspaceId, { status: q.status, from, to, after, limit: limit + 1 });
    return toPage(rows, limit, (r) => ({ v: r.startTime.toISOString(), id: r.traceId }), toTraceSummaryDto);
  }

  async get(workspaceId: string, traceId: string): Promise<TraceDto> {
    if (!TRACE_ID.test(traceId)) throw notFound('Trace');
    const found = await this.store.getTrace(workspaceId, traceId.toLowerCase(), MAX_SPANS_PER_TRACE_RESPONSE);
    if (!found) throw notFound('Trace');
    return { ...toTraceSummaryDto(found.trace), spans: found.spans.map(toSpanDto) };
  }
}
