/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AuditActorDto } from './AuditActorDto';
export type AuditLogDto = {
    action: string;
    actor: AuditActorDto;
    createdAt: string;
    id: string;
    ip: string | null;
    metadata: Record<string, any>;
    targetId: string | null;
    targetType: string;
};

