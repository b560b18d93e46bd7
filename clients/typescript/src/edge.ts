/**
 * `@agentobs/sdk` for edge runtimes (Vercel Edge, Cloudflare Workers, Deno Deploy) and browsers: no
 * Node import. Async context comes from `globalThis.AsyncLocalStorage` or
 * `process.getBuiltinModule('node:async_hooks')` where the runtime offers one; otherwise spans nest only
 * synchronously (pass `parent` explicitly across `await`).
 */
export * from './tracing/index';
export { AgentObsClient, ApiError, CancelablePromise, CancelError } from './generated';
export type { OpenAPIConfig } from './generated';
