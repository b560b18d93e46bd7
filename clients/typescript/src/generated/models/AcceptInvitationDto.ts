/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type AcceptInvitationDto = {
    /**
     * Without a credential, for an email with no account yet: the new account's name (ignored when the account exists)
     */
    name?: string;
    /**
     * Required without a credential: the password of the invited email's account (wrong → 401), or of the account to create (12+ characters)
     */
    password?: string;
};

