/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type SlackConfigDto = {
    /**
     * Channel override (honoured by legacy incoming webhooks only)
     */
    channel?: string;
};

