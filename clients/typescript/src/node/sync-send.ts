/**
 * HTTP requests made synchronously, for the one moment only synchronous work can run and sending is still
 * worth it: an uncaught exception (or unhandled rejection) about to end the process. A worker thread makes
 * the requests with `fetch` while this thread waits on `Atomics.wait`, for at most `timeoutMs`; Node then
 * goes on exactly as it would have (prints the error, exits with code 1).
 */
import { Worker } from 'node:worker_threads';
import type { SyncRequest } from '../tracing/runtime';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { requests, shared, deadline } = workerData;
const state = new Int32Array(shared);
async function send(req, i) {
  const left = deadline - Date.now();
  if (left <= 0) return;
  try {
    const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: AbortSignal.timeout(left) });
    await res.arrayBuffer();
    state[i + 1] = res.status;
  } catch {
    state[i + 1] = 0;
  }
}
Promise.all(requests.map(send)).finally(() => {
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
});
`;

/** Sends `requests` (in parallel) and returns their HTTP statuses (0: failed or not answered within `timeoutMs`). */
export function sendSync(requests: SyncRequest[], timeoutMs: number): number[] {
  if (requests.length === 0) return [];
  const shared = new SharedArrayBuffer(4 * (requests.length + 1));
  const state = new Int32Array(shared);
  const deadline = Date.now() + timeoutMs;
  let worker: Worker | undefined;
  try {
    worker = new Worker(WORKER, {
      eval: true,
      workerData: { requests, shared, deadline },
      // the worker needs no loader, preload or flag of this process (tsx, --require …)
      execArgv: [],
      env: {},
      stdout: true,
      stderr: true,
    });
    worker.unref();
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.load(state, 0) === 1) break;
      Atomics.wait(state, 0, 0, left);
    }
  } catch {
    // no worker threads here: nothing sent
  } finally {
    void worker?.terminate().catch(() => undefined);
  }
  return Array.from({ length: requests.length }, (_, i) => Atomics.load(state, i + 1));
}
