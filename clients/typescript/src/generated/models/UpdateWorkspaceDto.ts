/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { UpdateWorkspaceSettingsDto } from './UpdateWorkspaceSettingsDto';
export type UpdateWorkspaceDto = {
    name?: string;
    settings?: UpdateWorkspaceSettingsDto;
    slug?: string;
    /**
     * IANA time zone name or link
     */
    timezone?: string;
};

