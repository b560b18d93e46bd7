import type { WriteOptions } from '../trace-store';

/** The transaction `beforeCommit` receives (quota and outbox join it); the ClickHouse store only passes it on. */
export type RegistryTransaction = Parameters<WriteOptions['beforeCommit']>[1];

export interface TraceClaim {
  traceId: string;
  /** the earliest start among the batch's spans of the trace: its partition time if the trace is new */
  firstStartUs: number;
  /** the batch has an error span in this trace */
  hasError: boolean;
}

export interface ClaimedTrace {
  traceId: string;
  /** the batch creates the trace (it counts toward the quota) */
  inserted: boolean;
  /** the trace's partition time (its start as first seen), epoch µs */
  traceTimeUs: number;
  /** this write's number for the trace (1 for a new trace), strictly increasing per trace: the rows' version */
  version: number;
  /** the trace got its first error span with this write */
  firstError: boolean;
}

/**
 * What the ClickHouse trace store keeps in a transactional database: one row per trace, so that which traces
 * are new (quota), which got their first error (alerts) and the order of writes to a trace are decided exactly,
 * in the same transaction as the quota reservation and the outbox events.
 */
export interface TraceRegistry {
  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: RegistryTransaction) => Promise<T>): Promise<T>;
  /**
   * Registers the batch's traces, or bumps the version of those that exist, locking their rows until the
   * transaction ends (writers of one trace wait for each other; writers of different traces do not). Traces in
   * `dropIfNew` that do not exist yet are left out (sampling).
   */
  claim(tx: RegistryTransaction, workspaceId: string, traces: TraceClaim[], dropIfNew: ReadonlySet<string>): Promise<ClaimedTrace[]>;
  /**
   * Runs `work` inside the transaction and undoes its effects whatever happens (a savepoint rolled back),
   * rethrowing its error: a rehearsal of `beforeCommit`, so that a batch the quota refuses is refused before
   * anything is sent to ClickHouse.
   */
  rehearse(tx: RegistryTransaction, work: () => Promise<void>): Promise<void>;
  /** Workspaces that have at least one trace. */
  workspaces(): Promise<string[]>;
  /**
   * Forgets up to `limit` of the workspace's traces whose partition time is before `cutoff` (skipping any being
   * written right now); `remove` deletes their data and runs before the registry commits. Returns how many.
   */
  expire(workspaceId: string, cutoff: Date, limit: number, remove: (traceIds: string[]) => Promise<void>): Promise<number>;
  /** Forgets every trace whose partition time is before `bound` (whole months dropped). */
  forgetBefore(bound: Date): Promise<number>;
}
