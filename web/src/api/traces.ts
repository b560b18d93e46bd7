import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { CancelablePromise, SpanStatus, TraceDto, TraceSummaryDto } from '@api';
import type { Kind, TraceFilters } from '../lib/traces';
import { filtersToQuery } from '../lib/traces';
import { api, cancellable } from './client';

/*
 * The trace explorer's reads, through the generated client's request layer (the same fetch, auth and
 * problem+json errors as every other call). The list's `kind`/`models`, its new filters and
 * GET /api/v1/traces/stats are in the contract (API.md › Traces) ahead of the regenerated client: the
 * shapes below are the contract's, to be replaced by the generated ones.
 */

export type TraceListItem = TraceSummaryDto & { kind?: Kind | null; models?: string[] };
export interface TraceListPage {
  data: TraceListItem[];
  nextCursor: string | null;
}
export interface TraceStatsBucket {
  start: string;
  traces: number;
  errors: number;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
  totalTokens: number;
  totalCostUsd: number | null;
}
export interface TraceStats {
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: TraceStatsBucket[];
}

type Query = ReturnType<typeof filtersToQuery>;

const clean = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== ''));

export const tracesApi = {
  list(q: Partial<Query> & { limit?: number; cursor?: string }): CancelablePromise<TraceListPage> {
    return api.request.request({ method: 'GET', url: '/api/v1/traces', query: clean(q) });
  },
  stats(q: Partial<Query>): CancelablePromise<TraceStats> {
    return api.request.request({ method: 'GET', url: '/api/v1/traces/stats', query: clean(q) });
  },
  get(traceId: string): CancelablePromise<TraceDto> {
    return api.traces.getTrace({ traceId });
  },
};

/** The filtered list, newest first, one page of 50 at a time (infinite scroll on the cursor). */
export function useTraceList(filters: TraceFilters, now: number) {
  const q = useInfiniteQuery({
    queryKey: ['traces', 'list', filters, now],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      cancellable(signal, tracesApi.list({ ...filtersToQuery(filters, now), limit: 50, cursor: pageParam })),
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
      return cancellable(signal, tracesApi.stats({ ...query, to: query.to ?? new Date(now).toISOString() }));
    },
    placeholderData: keepPreviousData,
  });
}

/** Whether the workspace has any trace at all (no filters): decides the empty state and the landing page. */
export function useHasTraces(enabled = true) {
  return useQuery({
    queryKey: ['traces', 'any'],
    queryFn: ({ signal }) => cancellable(signal, tracesApi.list({ limit: 1 })),
    select: (page) => page.data.length > 0,
    enabled,
    staleTime: 30_000,
  });
}

export function useTrace(traceId: string) {
  return useQuery({
    queryKey: ['traces', 'one', traceId],
    queryFn: ({ signal }) => cancellable(signal, tracesApi.get(traceId)),
    staleTime: 10_000,
  });
}

export type { SpanStatus };
