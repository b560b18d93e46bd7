/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { PlanDto } from './PlanDto';
export type PlanCatalogDto = {
    /**
     * Every plan, cheapest first
     */
    data: Array<PlanDto>;
};

