/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type RotateApiKeyDto = {
    /**
     * How long the old key keeps working (seconds); 0 stops it at once
     */
    gracePeriodSeconds?: number;
};

