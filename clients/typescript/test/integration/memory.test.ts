/**
 * The short variant of bench/memory.mjs (which runs 10 minutes for the README's figures): 20 s of 2,000
 * spans/s against an API that refuses connections, then one that hangs. What is held stays within
 * maxBufferSize, the heap stays small once the buffer is full, every span is accounted for. Needs the build
 * (`npm run build`, done by scripts/test-sdks.sh) but no API.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { packageRoot } from '../helpers/child';

interface Sample {
  t: number;
  rss: number;
  heap: number;
  buffered: number;
  inFlight: number;
}

function run(api: 'refuse' | 'hang'): Sample[] {
  const r = spawnSync(process.execPath, ['bench/memory.mjs'], {
    cwd: packageRoot,
    encoding: 'utf8',
    timeout: 90_000,
    env: { ...process.env, MEMORY_SECONDS: '20', MEMORY_EVERY: '2', MEMORY_API: api },
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const samples = [...r.stdout.matchAll(/t=\s*(\d+)s rss=([\d.]+)MB heap=([\d.]+)MB .*?buffered=(\d+) inFlight=(\d+)/g)].map((m) => ({
    t: Number(m[1]),
    rss: Number(m[2]),
    heap: Number(m[3]),
    buffered: Number(m[4]),
    inFlight: Number(m[5]),
  }));
  assert.ok(samples.length >= 8, r.stdout);
  assert.match(r.stdout, /dropped=[1-9]\d* \(bufferFull [1-9]/, 'the buffer filled up and the oldest were dropped (counted)');
  return samples;
}

describe('memory under a dead API (20 s variant of bench/memory.mjs)', () => {
  for (const api of ['refuse', 'hang'] as const) {
    it(`API ${api === 'refuse' ? 'refusing connections' : 'hanging'}: bounded buffer, small heap`, () => {
      const samples = run(api);
      for (const s of samples) assert.ok(s.buffered + s.inFlight <= 10_000, `t=${s.t}s: ${s.buffered} + ${s.inFlight} held`);
      const full = samples.filter((s) => s.t >= 10);
      assert.ok(Math.max(...full.map((s) => s.heap)) < 80, `heap ${full.map((s) => s.heap).join(', ')} MB`);
      assert.ok(Math.max(...full.map((s) => s.rss)) < 250, `rss ${full.map((s) => s.rss).join(', ')} MB`);
    });
  }
});
