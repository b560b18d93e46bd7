/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AlertFilterDto } from './AlertFilterDto';
import type { AlertMetric } from './AlertMetric';
import type { AlertOperator } from './AlertOperator';
import type { IntegrationType } from './IntegrationType';
export type UpdateAlertRuleDto = {
    enabled?: boolean;
    /**
     * Replaces the whole filter ({} for none)
     */
    filter?: AlertFilterDto;
    integrations?: Array<IntegrationType>;
    metric?: AlertMetric;
    name?: string;
    operator?: AlertOperator;
    threshold?: number;
    windowMinutes?: number;
};

