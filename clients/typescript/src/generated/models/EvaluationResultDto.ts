/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type EvaluationResultDto = {
    breached: boolean;
    /**
     * The rule's open or acknowledged incident after this evaluation (opened by it, or already there), else null
     */
    incidentId: string | null;
    /**
     * The rule's metric over its window, now
     */
    value: number;
};

