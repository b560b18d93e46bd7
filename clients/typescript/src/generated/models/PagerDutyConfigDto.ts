/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { PagerDutyRegion } from './PagerDutyRegion';
import type { PagerDutySeverity } from './PagerDutySeverity';
export type PagerDutyConfigDto = {
    /**
     * us → events.pagerduty.com, eu → events.eu.pagerduty.com
     */
    region: PagerDutyRegion;
    /**
     * Severity of the alerts sent
     */
    severity: PagerDutySeverity;
};

