/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { AlertFilterDto } from './AlertFilterDto';
import type { AlertMetric } from './AlertMetric';
import type { AlertOperator } from './AlertOperator';
import type { IntegrationType } from './IntegrationType';
export type CreateAlertRuleDto = {
    enabled?: boolean;
    filter?: AlertFilterDto;
    /**
     * Integrations that receive the alert events; each must be configured (else 400). May be empty.
     */
    integrations: Array<IntegrationType>;
    /**
     * error_rate: error traces / traces (0 with none), 0..1; p95_latency_ms: 95th percentile of trace durations (0 when no trace ended); cost_usd: total cost; trace_count: traces. All over the traces that started in the last windowMinutes, matching filter.
     */
    metric: AlertMetric;
    name: string;
    /**
     * Breached when value > threshold, or value < threshold
     */
    operator: AlertOperator;
    threshold: number;
    windowMinutes: number;
};

