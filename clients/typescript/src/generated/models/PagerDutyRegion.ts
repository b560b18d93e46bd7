/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * us → events.pagerduty.com, eu → events.eu.pagerduty.com
 */
export type PagerDutyRegion = 'us' | 'eu';
