/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type WorkspaceSettingsDto = {
    /**
     * Redact e-mails, phone/card numbers and secrets in span input/output
     */
    piiMasking: boolean;
    /**
     * Days traces are kept (capped by the plan)
     */
    retentionDays: number;
    /**
     * Share of new traces kept (0..1)
     */
    samplingRate: number;
};

