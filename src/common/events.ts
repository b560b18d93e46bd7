import { randomUUID } from 'node:crypto';

/** Events delivered to a workspace's enabled integrations (API.md, Integrations). */
export const EVENT_TYPES = ['trace.error', 'usage.threshold', 'integration.test'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface TraceErrorData {
  traceId: string;
  spanId: string;
  name: string;
  statusMessage: string | null;
  startTime: string;
}
export interface UsageThresholdData {
  metric: 'traces';
  threshold: 80 | 100;
  used: number;
  limit: number;
  periodStart: string;
  periodEnd: string;
}
export interface IntegrationTestData {
  message: string;
}

export interface DomainEvent<T = Record<string, unknown>> {
  /** unique per event; with the integration type it identifies one delivery */
  id: string;
  type: EventType;
  workspaceId: string;
  timestamp: string;
  data: T;
}

export function newEvent<T>(type: EventType, workspaceId: string, data: T, id: string = randomUUID()): DomainEvent<T> {
  return { id, type, workspaceId, timestamp: new Date().toISOString(), data };
}
