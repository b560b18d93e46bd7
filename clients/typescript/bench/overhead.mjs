/**
 * Span create+end overhead in the caller, server unreachable, against OpenTelemetry in the same run.
 *
 *   ours: obs.span('op', { kind: 'tool' }, fn)        — new span (child-or-root lookup, ids, timing),
 *                                                       fn run inside it as the current span, ended,
 *                                                       buffered for a server that refuses connections
 *   otel: tracer.startSpan('op').end()                  — BasicTracerProvider + BatchSpanProcessor with
 *                                                       an exporter that does nothing
 *
 * Both run in rounds of ROUND spans, yielding to the event loop between rounds so that each library's
 * background work (batching, failed sends, retries) runs and is counted in wall time. Rounds alternate
 * between the two; the result is the median per-span time of each. Prints a last line ending
 * `ratio=<ours/otel>` (lower is better; the bound is <= 0.5, issue 21).
 */
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AgentObs } from '../dist/index.js';

const ROUND = Number(process.env.BENCH_ROUND ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP_ROUNDS = 5;

async function deadPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const port = await deadPort();
const obs = new AgentObs({
  apiKey: 'ao_sk_bench',
  baseUrl: `http://127.0.0.1:${port}`,
  registerExitHandlers: false,
  spoolDir: false,
  logger: { warn() {} },
});
const work = () => undefined;
function ours(n) {
  for (let i = 0; i < n; i++) obs.span('op', { kind: 'tool' }, work);
}

const exporter = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve(), forceFlush: () => Promise.resolve() };
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
const tracer = provider.getTracer('bench');
function otel(n) {
  for (let i = 0; i < n; i++) tracer.startSpan('op').end();
}

async function round(fn) {
  const t0 = performance.now();
  fn(ROUND);
  await yieldToLoop();
  return ((performance.now() - t0) * 1000) / ROUND; // µs per span
}

for (let i = 0; i < WARMUP_ROUNDS; i++) {
  await round(ours);
  await round(otel);
}
const oursTimes = [];
const otelTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  // alternate which goes first so neither always inherits the other's garbage
  if (i % 2 === 0) {
    oursTimes.push(await round(ours));
    otelTimes.push(await round(otel));
  } else {
    otelTimes.push(await round(otel));
    oursTimes.push(await round(ours));
  }
}
const o = median(oursTimes);
const t = median(otelTimes);
const stats = obs.stats();
await obs.shutdown({ timeoutMs: 100 });
await provider.shutdown();
const heapMb = process.memoryUsage().heapUsed / 1e6;
console.log(`spans per library: ${(ROUND * (ROUNDS + WARMUP_ROUNDS)).toLocaleString('en-US')}; server unreachable (127.0.0.1:${port})`);
console.log(
  `agentobs: buffered ${stats.buffered}, dropped (buffer full) ${stats.droppedByReason.bufferFull}, failed requests retried ${stats.retries}; heap ${heapMb.toFixed(1)} MB`,
);
console.log(`span create+end: agentobs=${o.toFixed(3)}us otel=${t.toFixed(3)}us ratio=${(o / t).toFixed(3)}`);
