/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type IncidentActorDto = {
    /**
     * user or API key id; null for the system
     */
    id: string | null;
    type: 'user' | 'api_key' | 'system';
};

