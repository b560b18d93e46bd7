/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * Delivery of the invitation email: pending (queued or retrying), sent (accepted by the SMTP server), failed (gave up)
 */
export type InvitationEmailStatus = 'pending' | 'sent' | 'failed';
