import { Counter, Registry } from 'prom-client';
import { reportSwallowed } from '../../../common/metrics/swallowed';

/**
 * Which traces this process's batches are writing right now (issue 19: real traffic resends spans of the batch still
 * in flight and continues traces a few batches old). A scheduling aid, not a lock: Postgres row locks stay what makes
 * concurrent writes correct, across processes too.
 *
 * The Postgres store (`enter` for the traces it knows, `run` for the others) waits only where a batch may be
 * creating a trace an earlier in-flight batch is creating too (an SDK retrying a flush that timed out); a batch
 * continuing a trace that an earlier in-flight batch holds does not wait: it writes its summary of that trace as a
 * delta, without a row lock (postgres-trace-store.ts, README Performance step 14 — before it, the batch waited here
 * for the whole earlier batch, and real traffic's ingest rate stayed ~10 % below new traces only: step 13). The
 * ClickHouse store `run`s every batch: its trace registry takes row locks in Postgres and holds them across its
 * ClickHouse writes. A batch that waits holds no lock meanwhile, and only ever waits for batches that entered before
 * it, so these waits close no cycle with Postgres' own; the timeout only bounds the wait behind a batch that is stuck.
 *
 * Measured and dropped (README, Performance, step 6): writing the batch's free traces first and waiting between the
 * two parts inside the transaction — a batch waiting here with locks held closes cycles through other processes'
 * transactions that Postgres cannot see (2 API processes: 732 spans/s, deadlocks).
 */
export interface GateEntry {
  /** the batch's traces that earlier batches of this process were writing when it entered */
  readonly held: ReadonlySet<string>;
  /** true once those batches finished (committed or failed), false when `timeoutMs` passed first */
  settled(timeoutMs: number): Promise<boolean>;
  /** the batch finished: later batches waiting for its traces go on */
  release(): void;
}

/** Longest a batch waits for earlier batches of this process writing some of its traces before going on. */
export const GATE_TIMEOUT_MS = 2000;

/** What the gate counts of its waits, on the process's /metrics. */
export interface GateWaitCounters {
  /** `ingest_trace_gate_waits_total`: batches that waited for earlier ones */
  waits: Counter;
  /** `ingest_trace_gate_wait_seconds_total`: the time they waited */
  seconds: Counter;
}

/**
 * The gate's counters in `registry` (one pair per registry, whichever store asks first): how often and how long
 * batches wait for earlier in-flight batches of their traces — what separates real traffic's ingest rate from new
 * traces only (README, Performance, step 13).
 */
export function gateWaitCounters(registry: Registry): GateWaitCounters {
  const counter = (name: string, help: string) =>
    (registry.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, registers: [registry] });
  return {
    waits: counter(
      'ingest_trace_gate_waits_total',
      'Ingest batches that waited for an earlier in-flight batch of this process writing some of their traces',
    ),
    seconds: counter(
      'ingest_trace_gate_wait_seconds_total',
      'Time ingest batches waited for earlier in-flight batches writing some of their traces',
    ),
  };
}

export class TraceGate {
  private readonly busy = new Map<string, Promise<void>>();
  /** batches waiting in `settled` now */
  private waits = 0;

  constructor(private readonly counters?: GateWaitCounters) {}

  /**
   * Runs a batch's write once the earlier batches of this process writing some of its traces are done, holding no
   * lock meanwhile. After `timeoutMs` the batch goes on (and waits in the database if it must), reported as
   * `swallowed_errors_total{where="ingest.trace-gate"}` with a log line: a batch that slow is stuck somewhere.
   */
  async run<T>(workspaceId: string, traceIds: Iterable<string>, write: () => Promise<T>, timeoutMs = GATE_TIMEOUT_MS): Promise<T> {
    const entry = this.enter(workspaceId, traceIds);
    try {
      if (entry.held.size) await this.settle(workspaceId, entry, timeoutMs);
      return await write();
    } finally {
      entry.release();
    }
  }

  /** Waits for the batches `entry` found holding its traces, counting the wait; reports a timeout. */
  private async settle(workspaceId: string, entry: GateEntry, timeoutMs: number): Promise<void> {
    const started = performance.now();
    const settled = await entry.settled(timeoutMs);
    this.counters?.waits.inc();
    this.counters?.seconds.inc((performance.now() - started) / 1000);
    if (!settled) {
      reportSwallowed('ingest.trace-gate', new Error(`earlier batches writing the same traces took over ${timeoutMs} ms`), {
        workspaceId,
        traces: entry.held.size,
      });
    }
  }

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
      settled: async (timeoutMs) => {
        if (!waits.size) return true;
        this.waits++;
        try {
          return await settleWithin([...waits], timeoutMs);
        } finally {
          this.waits--;
        }
      },
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

  /** Batches waiting for earlier ones now. */
  get waiting(): number {
    return this.waits;
  }
}

function settleWithin(waits: Promise<void>[], timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  return Promise.race([Promise.all(waits).then(() => true), timeout]).finally(() => clearTimeout(timer));
}
