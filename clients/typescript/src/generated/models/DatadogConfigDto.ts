/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { DatadogSite } from './DatadogSite';
export type DatadogConfigDto = {
    /**
     * Datadog site of the account
     */
    site: DatadogSite;
};

