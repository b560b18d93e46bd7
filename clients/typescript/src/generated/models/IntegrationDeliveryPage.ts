/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IntegrationDeliveryDto } from './IntegrationDeliveryDto';
export type IntegrationDeliveryPage = {
    data: Array<IntegrationDeliveryDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

