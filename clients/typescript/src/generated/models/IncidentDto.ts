/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IncidentActorDto } from './IncidentActorDto';
import type { IncidentStatus } from './IncidentStatus';
export type IncidentDto = {
    acknowledgedAt: string | null;
    acknowledgedBy: IncidentActorDto | null;
    id: string;
    openedAt: string;
    resolvedAt: string | null;
    /**
     * Who resolved it; `{ type: "system", id: null }` when it resolved by itself or its rule was deleted
     */
    resolvedBy: IncidentActorDto | null;
    ruleId: string;
    /**
     * The rule's name when the incident opened
     */
    ruleName: string;
    status: IncidentStatus;
    threshold: number;
    /**
     * The rule's value when the incident opened
     */
    value: number;
    /**
     * The rule's window (minutes) when the incident opened
     */
    windowMinutes: number;
};

