/**
 * `@agentobs/sdk` for Node (>= 18), Bun and Deno: the tracing layer with `AsyncLocalStorage` from
 * `node:async_hooks`. Edge runtimes and browsers resolve `@agentobs/sdk` to `./edge` instead
 * (see package.json `exports`), which has no Node import.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { useAsyncLocalStorage } from './tracing/context';

useAsyncLocalStorage(AsyncLocalStorage);

export * from './tracing/index';
export { AgentObsClient, ApiError, CancelablePromise, CancelError } from './generated';
export type { OpenAPIConfig } from './generated';
