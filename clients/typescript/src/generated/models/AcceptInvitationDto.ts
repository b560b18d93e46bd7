/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type AcceptInvitationDto = {
    /**
     * Required without a credential (creates the account)
     */
    name?: string;
    /**
     * Required without a credential (creates the account)
     */
    password?: string;
};

