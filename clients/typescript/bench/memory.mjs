/**
 * Memory under a dead API: an agent keeps recording spans (default 2,000 spans/s, in traces of 4 spans
 * with ~200 bytes of input/output each) for MEMORY_SECONDS (default 600 = 10 minutes) while the API refuses
 * every connection (MEMORY_API=refuse, the default) or accepts them and never answers (MEMORY_API=hang).
 * Prints one line every MEMORY_EVERY seconds (default 30): RSS, heap, what is buffered and what was
 * dropped; then a summary line `rss-after-warmup min=… max=… growth=…` (MB), warm-up being the first fifth.
 *
 *   npm run build && node bench/memory.mjs
 *   MEMORY_SECONDS=20 MEMORY_EVERY=2 node bench/memory.mjs     # the short variant the tests run
 */
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { AgentObs } from '../dist/index.js';

const seconds = Number(process.env.MEMORY_SECONDS ?? 600);
const every = Number(process.env.MEMORY_EVERY ?? 30);
const rate = Number(process.env.MEMORY_RATE ?? 2000);
const api = process.env.MEMORY_API ?? 'refuse';

async function deadUrl() {
  if (api === 'hang') {
    const server = createTcpServer((socket) => socket.on('data', () => undefined));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    return `http://127.0.0.1:${server.address().port}`;
  }
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const baseUrl = await deadUrl();
let warnings = 0;
const obs = new AgentObs({
  apiKey: 'ao_sk_memory',
  baseUrl,
  registerExitHandlers: false,
  spoolDir: false,
  requestTimeoutMs: 2000,
  logger: { warn: () => warnings++ },
});

const payload = { question: 'Where is my order 42? '.repeat(4), user: { id: 'u_123', tier: 'pro' } };
function oneTrace(i) {
  obs.span('agent', { kind: 'agent', input: payload }, (root) => {
    root.setAttributes({ 'trace.index': i });
    obs.span('plan', { kind: 'llm', model: 'gpt-4o-mini' }, (s) => {
      s.setUsage({ inputTokens: 812, outputTokens: 95 });
      return { plan: 'look up the order', steps: [1, 2, 3] };
    });
    obs.span('lookup', { kind: 'tool', input: { orderId: '42' } }, () => ({ status: 'shipped', eta: 'Friday' }));
    return obs.span('draft', { kind: 'llm' }, () => 'Your order is shipped and should arrive Friday.');
  });
}

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const samples = [];
const start = Date.now();
let traces = 0;
let nextReport = every;
console.log(`dead API (${api}) at ${baseUrl}; ${rate} spans/s for ${seconds} s; maxBufferSize 10,000`);
const perTick = Math.max(1, Math.round(rate / 4 / 10)); // traces per 100 ms
await new Promise((resolve) => {
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) oneTrace(traces++);
    const elapsed = (Date.now() - start) / 1000;
    if (elapsed >= nextReport || elapsed >= seconds) {
      nextReport += every;
      const m = process.memoryUsage();
      const s = obs.stats();
      samples.push({ t: elapsed, rss: m.rss });
      console.log(
        `t=${String(Math.round(elapsed)).padStart(4)}s rss=${mb(m.rss)}MB heap=${mb(m.heapUsed)}MB spans=${traces * 4} ` +
          `buffered=${s.buffered} inFlight=${s.inFlight} dropped=${s.dropped} (bufferFull ${s.droppedByReason.bufferFull}, retryExpired ${s.droppedByReason.retryExpired}) requests=${s.requests} warnings=${warnings}`,
      );
    }
    if (elapsed >= seconds) {
      clearInterval(timer);
      resolve();
    }
  }, 100);
});
const warm = samples.filter((s) => s.t >= seconds / 5);
const min = Math.min(...warm.map((s) => s.rss));
const max = Math.max(...warm.map((s) => s.rss));
console.log(`rss-after-warmup min=${mb(min)} max=${mb(max)} growth=${mb(warm.at(-1).rss - warm[0].rss)} (MB)`);
await obs.shutdown({ timeoutMs: 100 });
process.exit(0);
