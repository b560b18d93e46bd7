/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type WebhookCredentialsDto = {
    /**
     * Standard Webhooks signing secret. When absent the server generates one and returns it once, as `signingSecret` of the PUT response.
     */
    signingSecret?: string;
};

