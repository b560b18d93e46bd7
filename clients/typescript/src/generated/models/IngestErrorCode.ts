/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type IngestErrorCode = 'validation_failed' | 'timestamp_out_of_range';
