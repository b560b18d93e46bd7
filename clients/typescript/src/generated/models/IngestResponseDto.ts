/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IngestErrorDto } from './IngestErrorDto';
export type IngestResponseDto = {
    /**
     * Valid spans (stored, or dropped by the workspace's sampling)
     */
    accepted: number;
    /**
     * One entry per refused span
     */
    errors: Array<IngestErrorDto>;
};

