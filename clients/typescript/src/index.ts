/**
 * `@agentobs/sdk` for Node (>= 18), Bun and Deno: the tracing layer with `AsyncLocalStorage` from
 * `node:async_hooks`, exit hooks, the spool directory and the OpenTelemetry bridge (when
 * `@opentelemetry/api` is installed). Edge runtimes and browsers resolve `@agentobs/sdk` to `./edge`
 * instead (see package.json `exports`), which has no Node import.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { registerForExit, unregisterForExit } from './node/exit';
import { createSpool, defaultSpoolDir } from './node/spool';
import { sendSync } from './node/sync-send';
import { useAsyncLocalStorage } from './tracing/context';
import { useOpenTelemetryApi, type OtelApi } from './tracing/otel';
import { useRuntime } from './tracing/runtime';

useAsyncLocalStorage(AsyncLocalStorage);
useRuntime({ defaultSpoolDir, createSpool, registerForExit, unregisterForExit, sendSync });
// `@opentelemetry/api` is an optional peer: resolved from where this package is installed, loaded on first use.
useOpenTelemetryApi(() => createRequire(import.meta.url)('@opentelemetry/api') as OtelApi);

export * from './tracing/index';
export { AgentObsClient, ApiError, CancelablePromise, CancelError } from './generated';
export type { OpenAPIConfig } from './generated';
