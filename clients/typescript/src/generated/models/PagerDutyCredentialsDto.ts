/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type PagerDutyCredentialsDto = {
    /**
     * Events API v2 integration (routing) key
     */
    routingKey: string;
};

