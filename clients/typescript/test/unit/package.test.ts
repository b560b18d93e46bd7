/** The built package (`npm test` builds first): ESM and CJS entry points, types, and the edge build. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startCollector, type Collector } from '../helpers/collector';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, Record<string, unknown>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  engines: { node: string };
};
const require = createRequire(import.meta.url);

let collector: Collector;
before(async () => {
  collector = await startCollector((req) =>
    req.method === 'GET' ? { status: 200, body: { traceId: req.url.split('/').pop(), spans: [] } } : 'default',
  );
});
after(async () => {
  await collector.close();
});

function files(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(files);
  return [];
}

describe('package', () => {
  it('every file the exports map names exists', () => {
    const named = files(pkg.exports);
    assert.ok(named.length >= 10);
    for (const file of named) assert.ok(existsSync(`${root}${file}`), `${file} missing (run npm run build)`);
  });

  it('has no runtime dependencies (OpenTelemetry is an optional peer) and supports Node >= 18', () => {
    assert.deepEqual(Object.keys(pkg.dependencies ?? {}), []);
    assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}), ['@opentelemetry/api']);
    assert.equal(pkg.peerDependenciesMeta?.['@opentelemetry/api']?.optional, true);
    assert.equal(pkg.engines.node, '>=18');
  });

  it('ESM and CJS builds both trace and send', async () => {
    const esm = (await import(`${root}dist/index.js`)) as typeof import('../../src/index');
    const cjs = require(`${root}dist/index.cjs`) as typeof import('../../src/index');
    for (const [label, mod] of [
      ['esm', esm],
      ['cjs', cjs],
    ] as const) {
      const obs = new mod.AgentObs({ apiKey: 'ao_sk_pkg', baseUrl: collector.url, registerExitHandlers: false });
      await obs.span(`${label}-root`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        obs.span(`${label}-child`, () => undefined);
      });
      const result = await obs.shutdown();
      assert.equal(result.sent, 2, label);
      const rootSpan = collector.accepted.find((s) => s.name === `${label}-root`)!;
      const child = collector.accepted.find((s) => s.name === `${label}-child`)!;
      assert.equal(child.parentSpanId, rootSpan.spanId, `${label}: async context works in the build`);
      assert.equal(typeof mod.AgentObsClient, 'function');
    }
  });

  it('obs.api is the generated client, pointed at baseUrl and authenticated with the API key', async () => {
    const { AgentObs, AgentObsClient } = (await import(`${root}dist/index.js`)) as typeof import('../../src/index');
    const obs = new AgentObs({ apiKey: 'ao_sk_api', baseUrl: collector.url, registerExitHandlers: false });
    assert.ok(obs.api instanceof AgentObsClient);
    assert.equal(obs.api, obs.api, 'created once');
    const trace = (await obs.api.request.request({
      method: 'GET',
      url: '/api/v1/traces/{traceId}',
      path: { traceId: 'abc' },
    })) as { traceId: string };
    assert.equal(trace.traceId, 'abc');
    const get = collector.requests.find((r) => r.method === 'GET')!;
    assert.equal(get.url, '/api/v1/traces/abc');
    assert.equal(get.headers.authorization, 'Bearer ao_sk_api');
    await obs.shutdown();
  });

  it('the edge build imports no Node module and finds no AsyncLocalStorage by static import', () => {
    for (const file of ['dist/edge.js', 'dist/edge.cjs', ...chunksOf('dist/edge.js')]) {
      const code = readFileSync(`${root}${file}`, 'utf8');
      assert.doesNotMatch(code, /from\s+["'](node:)?(async_hooks|zlib|http|https|fs|crypto|events|stream|buffer)["']/, file);
      assert.doesNotMatch(code, /require\(["'](node:)?(async_hooks|zlib|http|https|fs|crypto|events|stream|buffer)["']\)/, file);
    }
    const node = readFileSync(`${root}dist/index.js`, 'utf8');
    assert.match(node, /from "node:async_hooks"/, 'the Node entry keeps the node: prefix (Deno needs it)');
  });

  it('the edge build falls back to synchronous nesting where the runtime has no AsyncLocalStorage', async () => {
    // edge.cjs is self-contained (the ESM entries share a chunk that the Node entry already set up)
    const saved = process.getBuiltinModule;
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    try {
      const { AgentObs } = require(`${root}dist/edge.cjs`) as typeof import('../../src/index');
      const obs = new AgentObs({ apiKey: 'ao_sk_edge', baseUrl: collector.url, registerExitHandlers: false });
      await obs.span('edge-root', async (rootSpan) => {
        obs.span('edge-child', (child) => assert.equal(child.parentSpanId, rootSpan.spanId));
        assert.equal(obs.currentSpan(), rootSpan, 'synchronously, before the first await');
        await Promise.resolve();
        assert.equal(obs.currentSpan(), undefined, 'the fallback does not follow await (documented)');
        obs.span('edge-explicit', { parent: rootSpan }, (child) => assert.equal(child.parentSpanId, rootSpan.spanId));
      });
      assert.equal(obs.currentSpan(), undefined);
      assert.equal((await obs.shutdown()).sent, 3);
    } finally {
      (process as { getBuiltinModule?: unknown }).getBuiltinModule = saved;
    }
  });
});

function chunksOf(entry: string): string[] {
  const code = readFileSync(`${root}${entry}`, 'utf8');
  return [...code.matchAll(/from\s+"\.\/(chunk-[\w-]+\.js)"/g)].map((m) => `dist/${m[1]}`);
}
