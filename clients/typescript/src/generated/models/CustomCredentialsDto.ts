/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type CustomCredentialsDto = {
    /**
     * Secret headers (encrypted at rest, masked on read)
     */
    headers?: Record<string, string>;
};

