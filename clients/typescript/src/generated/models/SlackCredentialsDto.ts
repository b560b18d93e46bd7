/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type SlackCredentialsDto = {
    /**
     * Incoming webhook URL (https, host hooks.slack.com)
     */
    webhookUrl: string;
};

