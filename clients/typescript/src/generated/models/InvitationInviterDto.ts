/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { InviterType } from './InviterType';
export type InvitationInviterDto = {
    /**
     * User id or API key id
     */
    id: string;
    name: string;
    type: InviterType;
};

