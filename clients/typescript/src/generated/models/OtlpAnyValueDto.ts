/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpArrayValueDto } from './OtlpArrayValueDto';
import type { OtlpKeyValueListDto } from './OtlpKeyValueListDto';
export type OtlpAnyValueDto = {
    arrayValue?: OtlpArrayValueDto;
    boolValue?: boolean;
    /**
     * base64
     */
    bytesValue?: string;
    doubleValue?: number;
    /**
     * int64 as a decimal string (a JSON number is accepted too)
     */
    intValue?: string;
    kvlistValue?: OtlpKeyValueListDto;
    stringValue?: string;
};

