/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpAnyValueDto } from './OtlpAnyValueDto';
export type OtlpArrayValueDto = {
    values: Array<OtlpAnyValueDto>;
};

