/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * 0 STATUS_CODE_UNSET, 1 STATUS_CODE_OK, 2 STATUS_CODE_ERROR (stored as status `error`)
 */
export type OtlpStatusCode = 0 | 1 | 2;
