/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type AlertMetric = 'error_rate' | 'p95_latency_ms' | 'cost_usd' | 'trace_count';
