/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type LoginDto = {
    email: string;
    password: string;
    /**
     * Workspace to sign in to; default: the oldest active membership
     */
    workspaceId?: string;
};

