/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IngestErrorCode } from './IngestErrorCode';
export type IngestErrorDto = {
    code: IngestErrorCode;
    /**
     * Position of the refused span in `spans`
     */
    index: number;
    message: string;
};

