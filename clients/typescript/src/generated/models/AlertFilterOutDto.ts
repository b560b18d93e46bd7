/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { SpanKind } from './SpanKind';
export type AlertFilterOutDto = {
    kind?: SpanKind;
    model?: string;
    name?: string;
};

