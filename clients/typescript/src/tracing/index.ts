export { AgentObs, DEFAULT_BASE_URL } from './agentobs';
export { captureJson, toJsonSafe, type MaskFn } from './capture';
export { formatTraceparent, parseTraceparent, type TraceparentParts } from './ids';
export type {
  AgentObsOptions,
  AgentObsStats,
  FetchLike,
  FlushOptions,
  FlushResult,
  Logger,
  ObserveOptions,
  Span,
  SpanKind,
  SpanOptions,
  SpanStatus,
  Usage,
  UsageInput,
} from './types';
