import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { SpanStatus, TraceStatsBucketDto, TraceStatsDto, TraceSummaryDto } from '@api';
import type { TraceFilters } from '../lib/traces';
import { filtersToQuery } from '../lib/traces';
import { api, cancellable } from './client';

/** The trace explorer's reads, all through the generated client (API.md › Traces). */
export type TraceListItem = TraceSummaryDto;
export type TraceStats = TraceStatsDto;
export type TraceStatsBucket = TraceStatsBucketDto;

/** The filtered list, newest first, one page of 50 at a time (infinite scroll on the cursor). */
export function useTraceList(filters: TraceFilters, now: number) {
  const q = useInfiniteQuery({
    queryKey: ['traces', 'list', filters, now],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      cancellable(signal, api.traces.listTraces({ ...filtersToQuery(filters, now), limit: 50, cursor: pageParam })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...q, items };
}

/** The stats endpoint covers at most 31 days. */
export const STATS_MAX_MS = 31 * 86_400_000;
export const statsRangeTooLong = (filters: TraceFilters, now: number) => {
  const q = filtersToQuery(filters, now);
  const from = q.from ? Date.parse(q.from) : now - 86_400_000;
  const to = q.to ? Date.parse(q.to) : now;
  return to - from > STATS_MAX_MS;
};

export function useTraceStats(filters: TraceFilters, now: number) {
  return useQuery({
    enabled: !statsRangeTooLong(filters, now),
    queryKey: ['traces', 'stats', filters, now],
    queryFn: ({ signal }) => {
      const query = filtersToQuery(filters, now);
      return cancellable(signal, api.traces.getTraceStats({ ...query, to: query.to ?? new Date(now).toISOString() }));
    },
    placeholderData: keepPreviousData,
  });
}

/** Whether the workspace has any trace at all (no filters): decides the empty state and the landing page. */
export function useHasTraces(enabled = true) {
  return useQuery({
    queryKey: ['traces', 'any'],
    queryFn: ({ signal }) => cancellable(signal, api.traces.listTraces({ limit: 1 })),
    select: (page) => page.data.length > 0,
    enabled,
    staleTime: 30_000,
  });
}

export function useTrace(traceId: string) {
  return useQuery({
    queryKey: ['traces', 'one', traceId],
    queryFn: ({ signal }) => cancellable(signal, api.traces.getTrace({ traceId })),
    staleTime: 10_000,
  });
}

export type { SpanStatus };
