/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * A pending invitation past expiresAt shows as expired
 */
export type InvitationStatus = 'pending' | 'accepted' | 'cancelled' | 'expired';
