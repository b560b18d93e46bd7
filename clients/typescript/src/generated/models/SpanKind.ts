/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
export type SpanKind = 'agent' | 'llm' | 'tool' | 'retrieval' | 'embedding' | 'reranker' | 'guardrail' | 'evaluator' | 'chain' | 'other';
