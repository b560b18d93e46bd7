import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobHandler } from '../../common/queue/job-handler';
import { JobName } from '../../common/queue/queues';
import { EntitlementsService } from '../billing/entitlements.service';
import { WorkspaceService } from '../workspace/workspace.service';
import { LIMITS } from './span-model';
import { TRACE_STORE, TraceStore } from './storage/trace-store';

const DAY_MS = 86400_000;

/** Days a workspace's traces are kept: the smaller of its plan's and its own setting (API.md). */
export const retentionDays = (planDays: number, workspaceDays: number | undefined) =>
  Math.max(1, Math.min(planDays, workspaceDays ?? planDays));

/** Worker jobs that keep trace storage in shape: partitions ahead of time, and retention. */
@Injectable()
export class IngestionProcessor {
  private readonly logger = new Logger('TraceStorage');

  constructor(
    @Inject(TRACE_STORE) private readonly store: TraceStore,
    private readonly entitlements: EntitlementsService,
    private readonly workspaces: WorkspaceService,
  ) {}

  /** Creates this month's span partition and the next PARTITIONS_AHEAD ones (idempotent). */
  @JobHandler(JobName.CreateSpanPartitions)
  async createPartitions(): Promise<{ created: string[] }> {
    return { created: await this.store.prepare(new Date()) };
  }

  /**
   * Deletes traces older than each workspace's retention (min of plan and setting). Whole monthly
   * partitions are dropped when every workspace's cutoff is past them; the rest goes row by row,
   * in small batches that never wait on a trace being written.
   */
  @JobHandler(JobName.ApplyTraceRetention)
  async applyRetention(): Promise<{ droppedPartitions: string[]; deletedTraces: number }> {
    return this.applyRetentionAt(new Date());
  }

  async applyRetentionAt(now: Date): Promise<{ droppedPartitions: string[]; deletedTraces: number }> {
    const cutoffs = new Map<string, Date>();
    for (const workspaceId of await this.store.workspacesWithTraces()) {
      const { limits } = await this.entitlements.get(workspaceId);
      const settings = await this.workspaces.get(workspaceId).then(
        (w) => w.settings,
        () => undefined,
      );
      cutoffs.set(workspaceId, new Date(now.getTime() - retentionDays(limits.retentionDays, settings?.retentionDays) * DAY_MS));
    }
    const times = [...cutoffs.values()].map((d) => d.getTime());
    const bound = new Date(times.length ? Math.min(...times) : now.getTime() - LIMITS.maxAgeMs);
    const { droppedPartitions, deletedTraces } = await this.store.applyRetention(cutoffs, bound);
    if (droppedPartitions.length || deletedTraces) this.logger.log({ droppedPartitions, deletedTraces }, 'trace retention applied');
    return { droppedPartitions, deletedTraces };
  }
}
