/**
 * `json-depth`: CPU cost of the JSON nesting check every JSON body goes through before it is parsed
 * (src/common/http/json-body.ts), on the ingest benchmark's bodies (500 spans of ~1 KB), next to the JSON.parse
 * that follows it. Target (issue 17): under 0.3 µs per KB of body. No services needed:
 * `node dist/bench/json-depth.js` or `npm run bench -- json-depth`.
 */
import { jsonDepthExceeds } from '../src/common/http/json-body';
import { fmt } from './lib/harness';
import { makeSpans } from './lib/spans';

function nsPerCall(fn: () => unknown, minMs = 1500): number {
  for (let i = 0; i < 50; i++) fn(); // warm-up (JIT, wasm tier-up)
  let calls = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < BigInt(minMs) * 1_000_000n) {
    for (let i = 0; i < 20; i++) fn();
    calls += 20;
    elapsed = process.hrtime.bigint() - started;
  }
  return Number(elapsed) / calls;
}

export async function main(): Promise<void> {
  const bodies = [0, 1, 2, 3].map((seed) => Buffer.from(JSON.stringify({ spans: makeSpans(500, seed) })));
  const kb = bodies.reduce((n, b) => n + b.length, 0) / bodies.length / 1024;
  let i = 0;
  const check = nsPerCall(() => jsonDepthExceeds(bodies[i++ & 3]));
  const parse = nsPerCall(() => JSON.parse(bodies[i++ & 3].toString('utf8')), 1000);
  const small = Buffer.from(JSON.stringify({ name: 'Acme', slug: 'acme', settings: { retentionDays: 30, piiMasking: true } }));
  const smallCheck = nsPerCall(() => jsonDepthExceeds(small), 300);
  const usPerKb = check / 1000 / kb;
  console.log(
    `json-depth: ${fmt(kb)} KB bodies (500 spans): depth check ${fmt(usPerKb, 3)} µs/KB (${fmt(check / 500 / 1000, 3)} µs per span), ` +
      `JSON.parse ${fmt(parse / 1000 / kb, 2)} µs/KB; a ${small.length}-byte body ${fmt(smallCheck)} ns; ` +
      `target < 0.3 µs/KB ${usPerKb < 0.3 ? 'met' : 'NOT met'}; ratio=${fmt(check / parse, 3)}`,
  );
}

if (require.main === module) void main();
