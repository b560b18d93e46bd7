/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type PagerDutyCredentialsMaskedDto = {
    /**
     * Masked: at most the last 4 characters, e.g. "••••9f3a"
     */
    routingKey: string;
};

