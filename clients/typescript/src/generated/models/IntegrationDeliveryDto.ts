/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { EventType } from './EventType';
import type { IntegrationDeliveryStatus } from './IntegrationDeliveryStatus';
export type IntegrationDeliveryDto = {
    attempts: number;
    createdAt: string;
    deliveredAt: string | null;
    /**
     * Id of the event (with the integration type it identifies the delivery)
     */
    eventId: string;
    eventType: EventType;
    id: string;
    lastError: string | null;
    /**
     * Latency of the last attempt, in milliseconds
     */
    latencyMs: number | null;
    /**
     * HTTP status of the last attempt
     */
    responseStatus: number | null;
    status: IntegrationDeliveryStatus;
};

