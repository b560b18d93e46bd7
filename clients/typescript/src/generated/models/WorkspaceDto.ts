/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { WorkspaceSettingsDto } from './WorkspaceSettingsDto';
export type WorkspaceDto = {
    createdAt: string;
    id: string;
    name: string;
    settings: WorkspaceSettingsDto;
    slug: string;
    timezone: string;
    updatedAt: string;
};

