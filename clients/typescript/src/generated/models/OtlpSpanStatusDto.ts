/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpStatusCode } from './OtlpStatusCode';
export type OtlpSpanStatusDto = {
    /**
     * 0 STATUS_CODE_UNSET, 1 STATUS_CODE_OK, 2 STATUS_CODE_ERROR (stored as status `error`)
     */
    code?: OtlpStatusCode;
    /**
     * Stored as statusMessage
     */
    message?: string;
};

