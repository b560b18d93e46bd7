/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * Event types to receive; empty = all. integration.test is always delivered by the test endpoint.
 */
export type EventType = 'trace.error' | 'usage.threshold' | 'integration.test' | 'alert.triggered' | 'alert.acknowledged' | 'alert.resolved';
