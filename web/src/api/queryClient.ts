import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from '@api';
import { session } from './session';

/** 401 anywhere: the token is gone (logged out, revoked, membership removed) → back to the login page. */
function onError(error: unknown) {
  if (error instanceof ApiError && error.status === 401) session.clear();
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // Client errors (4xx) are answers, not glitches: retry only network failures and 5xx, twice.
        retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
