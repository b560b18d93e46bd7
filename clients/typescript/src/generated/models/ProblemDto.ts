/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { ErrorCode } from './ErrorCode';
import type { FieldErrorDto } from './FieldErrorDto';
export type ProblemDto = {
    code: ErrorCode;
    detail: string;
    errors?: Array<FieldErrorDto>;
    requestId: string;
    status: number;
    title: string;
    type: string;
};

