/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { OtlpKeyValueDto } from './OtlpKeyValueDto';
export type OtlpResourceDto = {
    /**
     * Stored on every span under `resource.<key>`
     */
    attributes: Array<OtlpKeyValueDto>;
};

