/** What this process knows of a trace it wrote: its partition key, and the latest end its batches gave it. */
export interface KnownTrace {
  /** `trace_time` (Unix µs): fixed when the trace was created */
  traceUs: number;
  /** the latest span end this process wrote to it (null: none ended) — a lower bound of the stored trace's end */
  endUs: number | null;
  /** when this process last wrote to it (Unix ms) */
  at: number;
}

/**
 * The traces this process wrote lately, by workspace and trace id, so that a batch continuing one writes its spans
 * and its summary delta without first asking Postgres for the trace's partition key (issue 19: real traffic sends
 * half its spans to traces started a few batches earlier). Only a hint: an entry older than `ttlMs` is not trusted
 * (a trace continued that late is looked up again, as is one another process created), and one whose partition has
 * gone is `forget`-ten; a trace deleted meanwhile by retention is re-created by the fold of its delta with the key its
 * spans were written under. Bounded: past `max` entries the oldest-inserted tenth is dropped.
 */
export class KnownTraces {
  private readonly byKey = new Map<string, KnownTrace>();

  constructor(
    private readonly max: number,
    private readonly ttlMs: number,
  ) {}

  /** The trace if this process wrote it within the last `ttlMs`. */
  get(workspaceId: string, traceId: string, now: number): KnownTrace | undefined {
    const known = this.byKey.get(`${workspaceId}:${traceId}`);
    return known && now - known.at < this.ttlMs ? known : undefined;
  }

  /** Records that this process wrote to the trace (created it or continued it) at `now`. */
  wrote(workspaceId: string, traceId: string, traceUs: number, endUs: number | null, now: number): void {
    const key = `${workspaceId}:${traceId}`;
    const known = this.byKey.get(key);
    if (known && known.traceUs === traceUs) {
      if (endUs !== null && (known.endUs === null || endUs > known.endUs)) known.endUs = endUs;
      known.at = now;
      return;
    }
    this.byKey.set(key, { traceUs, endUs, at: now });
    if (this.byKey.size > this.max) this.evict(Math.ceil(this.max / 10));
  }

  forget(workspaceId: string, traceIds: Iterable<string>): void {
    for (const id of traceIds) this.byKey.delete(`${workspaceId}:${id}`);
  }

  get size(): number {
    return this.byKey.size;
  }

  private evict(count: number): void {
    for (const key of this.byKey.keys()) {
      this.byKey.delete(key);
      if (--count <= 0) return;
    }
  }
}
