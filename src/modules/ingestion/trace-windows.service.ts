import { Inject, Injectable } from '@nestjs/common';
import { TRACE_STORE, TraceStore, TraceWindowMetrics, TraceWindowQuery } from './storage/trace-store';

export type { TraceWindowMetrics, TraceWindowQuery };

/**
 * Aggregates of trace summaries over a time window, for other modules (alert rules): the query side of the trace
 * store they may use, whatever backend holds the traces.
 */
@Injectable()
export class TraceWindowsService {
  constructor(@Inject(TRACE_STORE) private readonly store: TraceStore) {}

  windowMetrics(workspaceId: string, q: TraceWindowQuery): Promise<TraceWindowMetrics> {
    return this.store.windowMetrics(workspaceId, q);
  }
}
