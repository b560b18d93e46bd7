/**
 * `read`: requests/s of GET /api/v1/workspace with an API key (auth lookup with the live role, rate
 * limit, cached workspace: the production path, rate limit raised by env) versus a bare Fastify + pg
 * server doing the same primary-key lookup, both as their own Node process, driven by autocannon.
 */
import autocannon from 'autocannon';
import path from 'node:path';
import { BenchContext, benchContext, cpuDuring, fmt, ROOT, startApi, startNode, workspaceWithKey } from './lib/harness';

const CONNECTIONS = 16;

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total };
}

type Cpu = Awaited<ReturnType<typeof cpuDuring>>;
const perRequest = (c: Cpu, n: number) =>
  `client ${fmt((c.client * 1e6) / n)} µs, server ${fmt((c.api * 1e6) / n)} µs, postgres ${fmt((c.postgres * 1e6) / n)} µs, redis ${fmt((c.redis * 1e6) / n)} µs`;

export async function main(ctx: BenchContext = benchContext()): Promise<void> {
  const seconds = Number(process.env.BENCH_READ_SECONDS ?? 10);
  const api = await startApi(ctx, { RATE_LIMIT_PER_MINUTE: '1000000000' }, 'read');
  try {
    const ws = await workspaceWithKey(api, ctx, 'viewer');
    const bare = await startNode(
      path.join(ROOT, 'dist/bench/lib/bare-server.js'),
      { DATABASE_URL: ctx.databaseUrl, WORKSPACE_ID: ws.workspaceId },
      '/health',
    );
    try {
      const auth = { authorization: `Bearer ${ws.key}` };
      const targets = {
        api: { url: `${api.url}/api/v1/workspace`, headers: auth, pid: api.child.pid },
        bare: { url: `${bare.url}/api/v1/workspace`, headers: {}, pid: bare.child.pid },
      };
      for (const t of Object.values(targets)) await load(t.url, t.headers, 2); // warm-up
      // Two rounds in alternating order (bare, api, api, bare): the machine's load hits both alike.
      const sum = { api: { n: 0, s: 0, p50: 0, p99: 0, cpu: [] as Cpu[] }, bare: { n: 0, s: 0, p50: 0, p99: 0, cpu: [] as Cpu[] } };
      for (const name of ['bare', 'api', 'api', 'bare'] as const) {
        const t = targets[name];
        let r!: Awaited<ReturnType<typeof load>>;
        sum[name].cpu.push(
          await cpuDuring(ctx, t.pid, async () => {
            r = await load(t.url, t.headers, seconds / 2);
          }),
        );
        sum[name].n += r.total;
        sum[name].s += seconds / 2;
        sum[name].p50 = Math.max(sum[name].p50, r.p50);
        sum[name].p99 = Math.max(sum[name].p99, r.p99);
      }
      const rps = (x: typeof sum.api) => x.n / x.s;
      console.log(
        `read api=${fmt(rps(sum.api))} req/s bare=${fmt(rps(sum.bare))} req/s (p50 ${sum.api.p50}/${sum.bare.p50} ms, ` +
          `p99 ${sum.api.p99}/${sum.bare.p99} ms, ${CONNECTIONS} connections, ${seconds} s each) ratio=${fmt(rps(sum.api) / rps(sum.bare), 2)}`,
      );
      if (process.env.BENCH_VERBOSE) {
        const total = (list: Cpu[]) =>
          list.reduce((a, c) => ({
            client: a.client + c.client,
            api: a.api + c.api,
            postgres: a.postgres + c.postgres,
            redis: a.redis + c.redis,
          }));
        console.log(
          `  cpu per request: api: ${perRequest(total(sum.api.cpu), sum.api.n)}; bare: ${perRequest(total(sum.bare.cpu), sum.bare.n)}`,
        );
      }
    } finally {
      await bare.stop();
    }
  } finally {
    await api.stop();
  }
}
