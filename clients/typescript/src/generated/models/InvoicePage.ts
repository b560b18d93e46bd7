/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { InvoiceDto } from './InvoiceDto';
export type InvoicePage = {
    data: Array<InvoiceDto>;
    /**
     * Cursor for the next page; null on the last page
     */
    nextCursor: string | null;
};

