import type { IncomingMessage } from 'node:http';

/** At most this much of a refused body is read and dropped before the answer (64 MB). */
export const DISCARD_CAP_BYTES = 64 * 1024 * 1024;
/** A body that stops arriving for this long is not waited for. */
export const DISCARD_IDLE_MS = 10_000;

/**
 * Reads and drops what is left of a request body, then calls `then` (once): when it has all arrived, or after
 * `cap` more bytes, or when it stops arriving for `idleMs`, or when the client goes away.
 *
 * Why: an answer sent (and the connection closed) while the client is still writing its body is, for a client that
 * writes the whole body before it reads (Python's urllib and requests, many HTTP libraries), a broken pipe instead of
 * the answer — it cannot tell "too large" (413, split the batch) from "network down" (retry the same batch forever).
 * Reading the rest first lets it finish writing and read the 413; the connection is closed after (Connection: close).
 */
export function discardBody(raw: IncomingMessage, then: () => void, cap = DISCARD_CAP_BYTES, idleMs = DISCARD_IDLE_MS): void {
  if (raw.complete || raw.readableEnded || raw.destroyed) return then();
  let seen = 0;
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    raw.off('data', onData);
    raw.off('end', finish);
    raw.off('error', finish);
    raw.off('close', finish);
    then();
  };
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(finish, idleMs);
  };
  const onData = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > cap) finish();
    else arm();
  };
  // a gzip decoder may still be attached (Content-Length was over the limit before anything was read): not any more
  raw.unpipe();
  raw.on('data', onData);
  raw.on('end', finish);
  raw.on('error', finish);
  raw.on('close', finish);
  arm();
  raw.resume();
}
