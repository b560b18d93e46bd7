/** The overhead bench runs (a short variant) and prints the ratio line the README's figures come from. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('bench', () => {
  it('overhead.mjs prints span create+end for both libraries and their ratio (needs the build)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/overhead.mjs'], {
      cwd: packageRoot,
      env: { ...process.env, BENCH_ROUND: '2000', BENCH_ROUNDS: '2' },
      timeout: 60_000,
    });
    const last = stdout.trim().split('\n').pop() ?? '';
    assert.match(last, /^span create\+end: agentobs=\d+\.\d+us otel=\d+\.\d+us ratio=\d+\.\d+$/, stdout);
  });
});
