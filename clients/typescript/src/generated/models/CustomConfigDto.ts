/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { CustomHttpMethod } from './CustomHttpMethod';
export type CustomConfigDto = {
    /**
     * Non-secret headers sent with every request (returned as stored)
     */
    headers?: Record<string, string>;
    method: CustomHttpMethod;
    url: string;
};

