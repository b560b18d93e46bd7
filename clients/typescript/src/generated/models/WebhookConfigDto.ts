/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { EventType } from './EventType';
export type WebhookConfigDto = {
    /**
     * Event types to receive; empty = all. integration.test is always delivered by the test endpoint.
     */
    events?: Array<EventType>;
    url: string;
};

