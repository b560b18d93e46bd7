/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AlertFilterOutDto } from './AlertFilterOutDto';
import type { AlertMetric } from './AlertMetric';
import type { AlertOperator } from './AlertOperator';
import type { IntegrationType } from './IntegrationType';
export type AlertRuleDto = {
    createdAt: string;
    enabled: boolean;
    filter: AlertFilterOutDto;
    id: string;
    integrations: Array<IntegrationType>;
    lastEvaluatedAt: string | null;
    /**
     * The value found by the last evaluation
     */
    lastValue: number | null;
    metric: AlertMetric;
    name: string;
    operator: AlertOperator;
    threshold: number;
    windowMinutes: number;
};

