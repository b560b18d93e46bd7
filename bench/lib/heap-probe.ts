/**
 * Preloaded into the API by bench/load.ts (`node --expose-gc --require dist/bench/lib/heap-probe.js`): on SIGUSR2
 * it runs full garbage collections and writes the live memory (`heapUsed + external` after GC) and the RSS to
 * HEAP_PROBE_FILE, so the bench compares what the process keeps, not how far V8 happened to grow its heap.
 */
import fs from 'node:fs';

const file = process.env.HEAP_PROBE_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
if (file && gc) {
  process.on('SIGUSR2', () => {
    gc();
    gc();
    const m = process.memoryUsage();
    fs.writeFileSync(
      file,
      JSON.stringify({ at: Date.now(), live: m.heapUsed + m.external, heapUsed: m.heapUsed, external: m.external, rss: m.rss }),
    );
  });
}
