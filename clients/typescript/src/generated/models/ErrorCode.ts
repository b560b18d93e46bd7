/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type ErrorCode = 'validation_failed' | 'unauthenticated' | 'plan_limit_exceeded' | 'forbidden' | 'not_found' | 'conflict' | 'already_member' | 'invitation_pending' | 'last_owner' | 'checkout_required' | 'idempotency_key_in_use' | 'invitation_expired' | 'payload_too_large' | 'unsupported_media_type' | 'idempotency_key_reused' | 'rate_limited' | 'internal' | 'upstream_unavailable';
