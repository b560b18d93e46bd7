/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * Severity of the alerts sent
 */
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
