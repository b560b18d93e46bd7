import type { NormalizedSpan } from './span-model';

/**
 * A valid NormalizedSpan for unit tests (a root `agent` span of trace a…a starting 2026-01-01, no optional field),
 * with `over` on top. Not part of the build (tsconfig.build.json excludes `*.spec-helpers.ts`).
 */
export const normalizedSpan = (over: Partial<NormalizedSpan> = {}): NormalizedSpan => ({
  traceId: 'a'.repeat(32),
  spanId: '1'.repeat(16),
  parentSpanId: null,
  name: 'root',
  kind: 'agent',
  startUs: Date.UTC(2026, 0, 1) * 1000,
  endUs: null,
  status: 'unset',
  statusMessage: null,
  input: null,
  output: null,
  attributes: null,
  model: null,
  usage: null,
  costUsd: null,
  ...over,
});
