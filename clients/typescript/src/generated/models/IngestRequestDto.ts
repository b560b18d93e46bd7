/* generated using openapi-typescript-codegen -- do not edit */
/* istanbul ignore file */
/* tslint:disable */
/* eslint-disable */
import type { IngestSpanDto } from './IngestSpanDto';
export type IngestRequestDto = {
    /**
     * At most 1000 spans; the body at most 5 MB after gzip decompression
     */
    spans: Array<IngestSpanDto>;
};

