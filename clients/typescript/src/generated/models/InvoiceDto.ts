/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { InvoiceStatus } from './InvoiceStatus';
export type InvoiceDto = {
    /**
     * In the currency's minor unit (cents)
     */
    amountDue: number;
    /**
     * In the currency's minor unit (cents)
     */
    amountPaid: number;
    /**
     * When the invoice was created in Stripe
     */
    createdAt: string;
    /**
     * ISO 4217, lower case
     */
    currency: string;
    /**
     * Stripe-hosted page to view and pay the invoice
     */
    hostedInvoiceUrl: string | null;
    id: string;
    number: string | null;
    pdfUrl: string | null;
    periodEnd: string | null;
    periodStart: string | null;
    status: InvoiceStatus;
    /**
     * The Stripe invoice id
     */
    stripeInvoiceId: string;
};

