import { AgentObsClient, ApiError, type CancelablePromise, type ProblemDto } from '@api';
import { session } from './session';

/**
 * The one API client of the app: the generated TypeScript client (clients/typescript/src/generated),
 * same origin as the page, with the session's bearer token. No hand-written fetches anywhere.
 */
export const api = new AgentObsClient({
  BASE: '',
  TOKEN: async () => session.token() ?? '',
});

export type Problem = Pick<ProblemDto, 'status' | 'detail' | 'title'> & Partial<ProblemDto>;

/** The problem+json body of a failed call, or a generic problem for network/unknown failures. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) {
    const body = error.body as Partial<ProblemDto> | undefined;
    if (body && typeof body === 'object' && typeof body.detail === 'string') {
      return { ...body, status: error.status, title: body.title ?? error.statusText, detail: body.detail } as Problem;
    }
    return {
      status: error.status,
      title: error.statusText || 'Request failed',
      detail: `The server answered ${error.status} ${error.statusText}`.trim(),
    };
  }
  return { status: 0, title: 'Network error', detail: 'The server could not be reached. Check your connection and try again.' };
}

export const isStatus = (error: unknown, status: number) => error instanceof ApiError && error.status === status;

/**
 * TanStack Query hands every query an abort signal. We do not forward it to the generated client's
 * `cancel()`: in Chromium aborting its fetch mid-flight surfaces as a console AbortError from inside the
 * client, and a superseded query's result is discarded by TanStack Query anyway. Requests are short reads.
 */
export function cancellable<T>(_signal: AbortSignal | undefined, p: CancelablePromise<T>): Promise<T> {
  return p;
}
