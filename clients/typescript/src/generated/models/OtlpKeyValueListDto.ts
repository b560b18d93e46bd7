/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpKeyValueDto } from './OtlpKeyValueDto';
export type OtlpKeyValueListDto = {
    values: Array<OtlpKeyValueDto>;
};

