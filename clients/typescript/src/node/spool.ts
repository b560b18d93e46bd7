/**
 * The spool directory (shared format with the Python SDK, so either can replay the other's files):
 *
 *   <spoolDir>/<first 16 hex of sha256(baseUrl + "\n" + apiKey)>/<epochMs>-<pid>-<8 random hex>.json
 *
 * Each file holds one ingest request body `{"spans":[...]}`, written as `<name>.tmp` then renamed (atomic).
 * A process claims a file by renaming it to `<name>.claimed-<pid>` (atomic: of two processes starting at
 * once only one rename succeeds) and touching it; it deletes the file once the API accepted it, or renames
 * it back when it stops first. A claim older than 10 minutes whose process is gone may be claimed again (a
 * claim with this process's pid that it does not hold is a former process's: containers reuse pids).
 * The directory is bounded: past 50 MB the oldest files are deleted, their spans counted as dropped
 * (`bufferFull`). Directories are 0700 and files 0600: they hold trace data.
 *
 * Everything here is synchronous: it runs in exit hooks, where nothing asynchronous may run.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Spool, SpoolClaim, SpoolOptions } from '../tracing/runtime';

export const SPOOL_MAX_BYTES = 50 * 1024 * 1024;
export const STALE_CLAIM_MS = 10 * 60 * 1000;
const FILE = /^\d+-\d+-[0-9a-f]{8}\.json$/;
const CLAIMED = /^(\d+-\d+-[0-9a-f]{8}\.json)\.claimed-(\d+)$/;

/** `<os.tmpdir()>/agentobs-spool-<username>` (the uid where there is no user name). */
export function defaultSpoolDir(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = String(process.getuid?.() ?? 'user');
  }
  return join(tmpdir(), `agentobs-spool-${user.replace(/[^A-Za-z0-9._-]/g, '_') || 'user'}`);
}

/** The directory of one base URL and API key under `root`. */
export function spoolDirFor(root: string, baseUrl: string, apiKey: string): string {
  return join(root, createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex').slice(0, 16));
}

/** Oldest first: by the epoch milliseconds a name starts with, then by name. */
function byAge(a: string, b: string): number {
  const d = parseInt(a, 10) - parseInt(b, 10);
  return d !== 0 && Number.isFinite(d) ? d : a < b ? -1 : a > b ? 1 : 0;
}

/** Claims this process holds (several instances with the same key may live in one process). */
const held = new Set<string>();

/**
 * Whether the process that made a claim may still be working on it. Our own pid on a claim we do not hold is
 * a former process that had the same pid (containers, where every run is pid 1): gone.
 */
function claimerAlive(pid: number, path: string): boolean {
  if (pid === process.pid) return held.has(path);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function countSpans(path: string): number {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { spans?: unknown };
    return Array.isArray(parsed.spans) ? parsed.spans.length : 0;
  } catch {
    return 0;
  }
}

class Claim implements SpoolClaim {
  private open = true;

  constructor(
    readonly body: string,
    private readonly claimedPath: string,
    private readonly originalPath: string,
  ) {}

  release(): void {
    if (!this.open) return;
    this.open = false;
    held.delete(this.claimedPath);
    try {
      renameSync(this.claimedPath, this.originalPath);
    } catch {
      // gone already: nothing to give back
    }
  }

  remove(): void {
    if (!this.open) return;
    this.open = false;
    held.delete(this.claimedPath);
    try {
      unlinkSync(this.claimedPath);
    } catch {
      // already deleted
    }
  }
}

export class DirectorySpool implements Spool {
  readonly dir: string;
  private trusted = false;

  constructor(private readonly options: SpoolOptions) {
    this.dir = spoolDirFor(options.dir, options.baseUrl, options.apiKey);
  }

  /**
   * The directory and its parent exist (0700) and belong to this user: a spool root in a shared temp dir
   * created by someone else could read our spans or feed us theirs. Throws otherwise.
   */
  private ensure(create: boolean): boolean {
    if (this.trusted) return true;
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    for (const path of [dirname(this.dir), this.dir]) {
      if (!existsSync(path)) {
        if (!create) return false;
        mkdirSync(path, { recursive: true, mode: 0o700 });
      }
      if (uid !== undefined && statSync(path).uid !== uid) throw new Error(`${path} belongs to another user`);
    }
    this.trusted = true;
    return true;
  }

  write(body: string): boolean {
    const name = `${Date.now()}-${process.pid}-${randomBytes(4).toString('hex')}.json`;
    const path = join(this.dir, name);
    const tmp = `${path}.tmp`;
    try {
      this.ensure(true);
      const fd = openSync(tmp, 'wx', 0o600); // never through a file (or link) that is already there
      try {
        writeSync(fd, body);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, path);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // never created
      }
      this.options.warn('spool-write', `could not write to the spool directory ${this.dir}: ${(err as Error).message}`);
      return false;
    }
    this.enforceBound(name);
    return true;
  }

  claimNext(): SpoolClaim | undefined {
    let names: string[];
    try {
      if (!this.ensure(false)) return undefined;
      names = readdirSync(this.dir);
    } catch (err) {
      this.options.warn('spool-read', `not replaying the spool directory ${this.dir}: ${(err as Error).message}`);
      return undefined;
    }
    names.sort(byAge);
    const now = Date.now();
    for (const name of names) {
      let original: string;
      let from: string;
      if (FILE.test(name)) {
        original = name;
        from = name;
      } else {
        const m = CLAIMED.exec(name);
        if (m === null) {
          if (name.endsWith('.tmp')) this.removeIfOld(name, now); // left by a process that died while writing
          continue;
        }
        const path = join(this.dir, name);
        try {
          if (now - statSync(path).mtimeMs < STALE_CLAIM_MS) continue;
        } catch {
          continue;
        }
        if (claimerAlive(Number(m[2]), path)) continue;
        original = m[1]!;
        from = name;
      }
      const claimed = join(this.dir, `${original}.claimed-${process.pid}`);
      if (held.has(claimed)) continue;
      held.add(claimed);
      try {
        if (from !== `${original}.claimed-${process.pid}`) renameSync(join(this.dir, from), claimed);
        const at = new Date();
        utimesSync(claimed, at, at); // the claim's age counts from now
        return new Claim(readFileSync(claimed, 'utf8'), claimed, join(this.dir, original));
      } catch {
        held.delete(claimed); // another process claimed it first
        continue;
      }
    }
    return undefined;
  }

  private removeIfOld(name: string, now: number): void {
    try {
      const path = join(this.dir, name);
      if (now - statSync(path).mtimeMs > STALE_CLAIM_MS) unlinkSync(path);
    } catch {
      // gone already
    }
  }

  /** Deletes the oldest unclaimed files while the directory holds more than 50 MB (never `keep`, just written). */
  private enforceBound(keep: string): void {
    let files: { name: string; size: number }[];
    try {
      files = readdirSync(this.dir)
        .filter((n) => FILE.test(n) || CLAIMED.test(n))
        .map((name) => ({ name, size: statSync(join(this.dir, name)).size }));
    } catch {
      return;
    }
    let total = files.reduce((sum, f) => sum + f.size, 0);
    if (total <= SPOOL_MAX_BYTES) return;
    const oldest = files.filter((f) => FILE.test(f.name) && f.name !== keep).sort((a, b) => byAge(a.name, b.name));
    let dropped = 0;
    for (const f of oldest) {
      if (total <= SPOOL_MAX_BYTES) break;
      const path = join(this.dir, f.name);
      const count = countSpans(path);
      try {
        unlinkSync(path);
      } catch {
        continue;
      }
      total -= f.size;
      dropped += count;
    }
    if (dropped > 0) this.options.onEvict(dropped);
  }
}

export function createSpool(options: SpoolOptions): Spool {
  return new DirectorySpool(options);
}
