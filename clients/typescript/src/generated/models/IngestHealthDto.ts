/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IngestErrorEntryDto } from './IngestErrorEntryDto';
import type { IngestHealthDayDto } from './IngestHealthDayDto';
import type { IngestRejectedDto } from './IngestRejectedDto';
export type IngestHealthDto = {
    /**
     * Spans stored
     */
    accepted: number;
    /**
     * Per UTC day of the window, oldest first (days without traffic are 0)
     */
    daily: Array<IngestHealthDayDto>;
    from: string;
    /**
     * The 20 most recent refusals in the window, newest first
     */
    lastErrors: Array<IngestErrorEntryDto>;
    rejected: IngestRejectedDto;
    /**
     * Spans of new traces dropped by the workspace's sampling
     */
    sampledOut: number;
    to: string;
};

