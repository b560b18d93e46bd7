/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type OtlpStatusDto = {
    /**
     * google.rpc.Code: 3 INVALID_ARGUMENT (400, 415), 7 PERMISSION_DENIED (403), 8 RESOURCE_EXHAUSTED (402, 413, 429), 13 INTERNAL (500), 16 UNAUTHENTICATED (401)
     */
    code: number;
    message: string;
};

