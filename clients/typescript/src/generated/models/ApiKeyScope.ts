/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
/**
 * `full`: the whole API within its role; `ingest`: only POST /api/v1/ingest and the OTLP routes (anything else → 403), role `member`
 */
export type ApiKeyScope = 'full' | 'ingest';
