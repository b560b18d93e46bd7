/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type IngestHealthDayDto = {
    accepted: number;
    /**
     * UTC date
     */
    date: string;
    /**
     * Every rejected counter of the day summed (spans refused by validation + refused requests)
     */
    rejected: number;
    sampledOut: number;
};

