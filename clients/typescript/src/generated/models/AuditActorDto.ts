/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AuditActorType } from './AuditActorType';
export type AuditActorDto = {
    id: string | null;
    type: AuditActorType;
};

