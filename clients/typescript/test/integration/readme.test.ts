/**
 * Every code block of README.md, as written, against the running API: `ts` blocks are type-checked together
 * (the package's tsconfig), then each runs in its own process (`node --import tsx`, which resolves
 * `@agentobs/sdk` to this package) and must exit 0 without an SDK warning; the root spans a block names in
 * its `<!-- doctest: traces=a,b -->` comment must then be stored by the API. `sh` blocks are checked by
 * `bash -n` (they install or run this package's own scripts). Any other language fails the test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { apiClient, target } from '../helpers/api';
import { packageRoot } from '../helpers/child';

interface Block {
  index: number;
  lang: string;
  code: string;
  traces: string[];
  line: number;
}

function readmeBlocks(): Block[] {
  const text = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const blocks: Block[] = [];
  const fence = /(?:<!-- doctest: traces=([^>]*?) -->\n\n?)?^```(\w*)\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(text); m !== null; m = fence.exec(text)) {
    blocks.push({
      index: blocks.length,
      lang: m[2]!,
      code: m[3]!,
      traces: m[1] ? m[1].split(',').map((s) => s.trim()) : [],
      line: text.slice(0, m.index).split('\n').length,
    });
  }
  return blocks;
}

const dir = join(packageRoot, 'test', '.readme');
after(() => rmSync(dir, { recursive: true, force: true }));

async function storedSince(name: string, since: string): Promise<boolean> {
  const api = apiClient();
  const deadline = Date.now() + 15_000;
  for (;;) {
    // every trace that started since the block ran (the list has no name filter yet: compared here)
    let cursor: string | undefined;
    do {
      const page = (await api.request.request({
        method: 'GET',
        url: '/api/v1/traces',
        query: { from: since, limit: 100, ...(cursor ? { cursor } : {}) },
      })) as { data: { name: string }[]; nextCursor: string | null };
      if (page.data.some((t) => t.name === name)) return true;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

describe('README.md: every code block runs as written', () => {
  const blocks = readmeBlocks();

  it('has only ts and sh blocks, and a doctest comment on the ts blocks that send traces', () => {
    assert.ok(blocks.length >= 8, `${blocks.length} blocks`);
    for (const b of blocks) assert.ok(['ts', 'sh'].includes(b.lang), `README.md:${b.line}: a \`${b.lang}\` block`);
    assert.ok(blocks.filter((b) => b.lang === 'ts').every((b) => b.traces.length > 0));
  });

  it('sh blocks are valid shell', () => {
    for (const b of blocks.filter((x) => x.lang === 'sh')) {
      const r = spawnSync('bash', ['-n'], { input: b.code, encoding: 'utf8' });
      assert.equal(r.status, 0, `README.md:${b.line}: ${r.stderr}`);
    }
  });

  it('ts blocks type-check', () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const b of blocks.filter((x) => x.lang === 'ts')) writeFileSync(join(dir, `block-${b.index}.ts`), b.code);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['./*.ts'] }));
    const r = spawnSync(
      process.execPath,
      [join(packageRoot, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--noEmit'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  for (const b of blocks.filter((x) => x.lang === 'ts')) {
    it(`the ts block at README.md:${b.line} runs and its traces (${b.traces.join(', ')}) are stored`, async () => {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `block-${b.index}.ts`);
      writeFileSync(file, b.code);
      const since = new Date(Date.now() - 1000).toISOString();
      const r = spawnSync(process.execPath, ['--import', 'tsx', file], {
        cwd: packageRoot,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, AGENTOBS_BASE_URL: target().baseUrl, AGENTOBS_API_KEY: target().apiKey },
      });
      assert.equal(r.status, 0, `README.md:${b.line} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\[agentobs\]/, `README.md:${b.line}: the SDK warned`);
      for (const name of b.traces) assert.ok(await storedSince(name, since), `README.md:${b.line}: no trace "${name}" stored`);
    });
  }
});
