import { useInfiniteQuery, useQuery, type QueryKey } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { CancelablePromise } from '@api';
import { api, cancellable } from './client';
import { session } from './session';

/** Re-renders when the session starts or ends (login, logout, a 401). */
export function useSession() {
  return useSyncExternalStore(
    session.subscribe,
    () => session.token() ?? null,
    () => null,
  );
}

export function useMe() {
  const token = useSession();
  return useQuery({
    queryKey: ['me', token],
    queryFn: ({ signal }) => cancellable(signal, api.auth.getMe()),
    enabled: !!token,
    staleTime: 60_000,
  });
}

export const useWorkspace = () =>
  useQuery({ queryKey: ['workspace'], queryFn: ({ signal }) => cancellable(signal, api.workspace.getWorkspace()) });

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** A cursor-paginated list (`{ data, nextCursor }`) with "Load more". */
export function usePaged<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => CancelablePromise<Page<T>>,
  options: { enabled?: boolean; pollWhile?: (items: T[]) => boolean; pollMs?: number } = {},
) {
  const q = useInfiniteQuery({
    queryKey,
    enabled: options.enabled ?? true,
    // e.g. while an invitation email or a delivery is still pending: refresh until it settles
    refetchInterval: (query: { state: { data?: { pages: Page<T>[] } } }) =>
      options.pollWhile?.(query.state.data?.pages.flatMap((p) => p.data) ?? []) ? (options.pollMs ?? 2000) : false,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => cancellable(signal, fetchPage(pageParam)),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...q, items };
}
