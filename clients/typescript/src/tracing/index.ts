export { AgentObs, DEFAULT_BASE_URL, SPAN_KINDS, type TraceDecorator } from './agentobs';
export { captureJson, toJsonSafe, type MaskFn } from './capture';
export { formatTraceparent, parseTraceparent, type TraceparentParts } from './ids';
export { AgentObsContextManager, AgentObsSpanProcessor, AgentObsTracerProvider } from './otel';
export type {
  AgentObsOptions,
  AgentObsStats,
  DropEvent,
  DropReason,
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
