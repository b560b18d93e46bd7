/**
 * What only some runtimes offer, registered by the Node entry point (`src/index.ts`) and absent on the
 * edge build: the spool directory, process exit hooks, and sending synchronously at a crash.
 */

/** One spool file claimed by this process for replay. */
export interface SpoolClaim {
  /** The ingest request body the file holds (`{"spans":[...]}`). */
  readonly body: string;
  /** Gives the file back (the next process will send it). Synchronous; idempotent. */
  release(): void;
  /** The server accepted (or finally refused) it: delete the file. Synchronous; idempotent. */
  remove(): void;
}

/** The spool directory of one API key and base URL. Every method is synchronous and never throws. */
export interface Spool {
  readonly dir: string;
  /** Writes one ingest request body atomically. Returns false when it could not be written. */
  write(body: string): boolean;
  /** Claims the oldest file not claimed by a live process, or returns undefined. */
  claimNext(): SpoolClaim | undefined;
}

export interface SpoolOptions {
  dir: string;
  baseUrl: string;
  apiKey: string;
  /** Files deleted to keep the directory under its size bound: `count` spans dropped. */
  onEvict(count: number): void;
  warn(key: string, message: string): void;
}

/** An ingest request to make synchronously (at a crash, when only synchronous work can run). */
export interface SyncRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What an AgentObs instance does on each way a process can end (see the Node exit hooks). */
export interface ExitParticipant {
  /** Normal exit and signals: flush (bounded by `shutdownTimeoutMs`), spool the rest. */
  shutdown(): Promise<unknown>;
  /** `process.exit()` and any other end where only synchronous work can run: spool what is pending. */
  exitSync(): void;
  /** An uncaught exception or unhandled rejection about to end the process: send synchronously, spool the rest. */
  crashSync(error: unknown): void;
}

export interface Runtime {
  defaultSpoolDir(): string | undefined;
  createSpool(options: SpoolOptions): Spool | undefined;
  registerForExit(participant: ExitParticipant): void;
  unregisterForExit(participant: ExitParticipant): void;
  /**
   * Makes the requests, blocking the caller for at most `timeoutMs`; returns, per request, the HTTP status
   * (0 when it failed or did not finish in time).
   */
  sendSync(requests: SyncRequest[], timeoutMs: number): number[];
}

let current: Runtime | undefined;

export function useRuntime(runtime: Runtime): void {
  current = runtime;
}

export function runtime(): Runtime | undefined {
  return current;
}
