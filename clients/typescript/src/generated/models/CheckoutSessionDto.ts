/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type CheckoutSessionDto = {
    sessionId: string;
    /**
     * Redirect the customer here
     */
    url: string;
};

