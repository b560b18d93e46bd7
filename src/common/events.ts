import { randomUUID } from 'node:crypto';

/** Events delivered to a workspace's enabled integrations (API.md, Integrations). */
export const EVENT_TYPES = [
  'trace.error',
  'usage.threshold',
  'integration.test',
  'alert.triggered',
  'alert.acknowledged',
  'alert.resolved',
] as const;
export const ALERT_EVENT_TYPES = ['alert.triggered', 'alert.acknowledged', 'alert.resolved'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];
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

/** `alert.*` events (API.md, Alert rules and incidents). */
export interface AlertEventData {
  incidentId: string;
  ruleId: string;
  ruleName: string;
  metric: 'error_rate' | 'p95_latency_ms' | 'cost_usd' | 'trace_count';
  value: number;
  threshold: number;
  windowMinutes: number;
  status: 'open' | 'acknowledged' | 'resolved';
}

export interface DomainEvent<T = Record<string, unknown>> {
  /** unique per event; with the integration type it identifies one delivery */
  id: string;
  type: EventType;
  workspaceId: string;
  timestamp: string;
  data: T;
  /**
   * When set, only the workspace's integrations of these types receive the event (an alert rule's integrations);
   * otherwise every enabled integration does. Not part of any delivered body.
   */
  integrations?: string[];
}

export function newEvent<T>(
  type: EventType,
  workspaceId: string,
  data: T,
  id: string = randomUUID(),
  integrations?: string[],
): DomainEvent<T> {
  return { id, type, workspaceId, timestamp: new Date().toISOString(), data, ...(integrations ? { integrations } : {}) };
}
