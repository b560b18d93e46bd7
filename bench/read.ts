/**
 * `read`: requests/s of GET /api/v1/workspace with an API key (auth lookup with the live role, rate
 * limit, cached workspace: the production path, rate limit raised by env) versus a bare Fastify + pg
 * server doing the same primary-key lookup, both as their own Node process, driven by autocannon.
 */
import autocannon from 'autocannon';
import path from 'node:path';
import { BenchContext, benchContext, fmt, ROOT, startApi, startNode, workspaceWithKey } from './lib/harness';

const CONNECTIONS = 16;

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const seconds = Number(process.env.BENCH_READ_SECONDS ?? 10);
  const api = await startApi(ctx, { RATE_LIMIT_PER_MINUTE: '1000000000' }, 'read');
  try {
    const ws = await workspaceWithKey(api, ctx, 'viewer');
    const bare = await startNode(path.join(ROOT, 'dist/bench/lib/bare-server.js'), { DATABASE_URL: ctx.databaseUrl, WORKSPACE_ID: ws.workspaceId }, '/health');
    try {
      const auth = { authorization: `Bearer ${ws.key}` };
      await load(`${bare.url}/api/v1/workspace`, {}, 2);
      const b = await load(`${bare.url}/api/v1/workspace`, {}, seconds);
      await load(`${api.url}/api/v1/workspace`, auth, 2);
      const a = await load(`${api.url}/api/v1/workspace`, auth, seconds);
      console.log(`read api=${fmt(a.rps)} req/s bare=${fmt(b.rps)} req/s (p50 ${a.p50}/${b.p50} ms, p99 ${a.p99}/${b.p99} ms, `
        + `${CONNECTIONS} connections, ${seconds} s) ratio=${fmt(a.rps / b.rps, 2)}`);
    } finally {
      await bare.stop();
    }
  } finally {
    await api.stop();
  }
}
