/**
 * Which traces this process's batches are writing right now (issue 19: real traffic resends spans of the batch still
 * in flight and continues traces a few batches old). Without it a batch touching a trace another in-flight batch
 * holds waits inside Postgres on that trace's row lock, holding the locks of every trace it upserted before that one,
 * and each later batch that touches one of those waits in turn, idle, in Postgres. With it the batch writes the
 * traces nobody holds first, and only then waits, here, for the batches holding the others (`PostgresTraceStore`).
 *
 * A scheduling aid, not a lock: Postgres row locks stay what makes concurrent writes correct (across processes too).
 * A batch only ever waits for batches that entered before it, so waits here form no cycle; one that also runs through
 * another process's transaction (which Postgres cannot see whole), or through a batch still waiting for a pool
 * connection that the waiters hold, is broken by the wait's timeout, after which the batch goes on and Postgres' own
 * lock waits (and deadlock detection) take over.
 */
export interface GateEntry {
  /** the batch's traces that earlier batches of this process were writing when it entered */
  readonly held: ReadonlySet<string>;
  /** resolves once those batches finished (committed or failed), or after `timeoutMs` */
  settled(timeoutMs: number): Promise<void>;
  /** the batch finished: later batches waiting for its traces go on */
  release(): void;
}

export class TraceGate {
  private readonly busy = new Map<string, Promise<void>>();

  /** Registers a batch's traces (keys unique per workspace); `release` the entry when the batch's write ended. */
  enter(workspaceId: string, traceIds: Iterable<string>): GateEntry {
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const keys: string[] = [];
    const held = new Set<string>();
    const waits = new Set<Promise<void>>();
    for (const id of traceIds) {
      const key = `${workspaceId}:${id}`;
      const holder = this.busy.get(key);
      if (holder !== undefined) {
        held.add(id);
        waits.add(holder);
      }
      this.busy.set(key, mine);
      keys.push(key);
    }
    let released = false;
    return {
      held,
      settled: (timeoutMs) => (waits.size ? settleWithin([...waits], timeoutMs) : Promise.resolve()),
      release: () => {
        if (released) return;
        released = true;
        for (const key of keys) if (this.busy.get(key) === mine) this.busy.delete(key);
        done();
      },
    };
  }

  /** Traces registered now (tests). */
  get size(): number {
    return this.busy.size;
  }
}

function settleWithin(waits: Promise<void>[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  return Promise.race([Promise.all(waits).then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
