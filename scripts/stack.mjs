/**
 * Runs the whole product locally: services (unless DATABASE_URL / REDIS_URL are set), migrations,
 * the demo seed, the API and the worker. Used by `make up` and by the SDK/web tests.
 * TRACE_STORE=clickhouse (`make up TRACE_STORE=clickhouse`): traces in ClickHouse, the local one
 * (scripts/clickhouse/server.py, data in <dir>/clickhouse) unless CLICKHOUSE_URL is set, its migrations applied.
 *
 *   node scripts/stack.mjs [--dir var/services] [--stripe] [--port 8000] [--no-seed]
 * API_PROCESSES=N (default 1): N API processes sharing the port (src/main.ts runs a node:cluster primary);
 * WORKER_PROCESSES=M (default 1): M worker processes (`node dist/src/worker.js` each).
 * Ctrl-C (SIGINT/SIGTERM) stops the API, the workers and the services cleanly.
 */
import { spawn, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServices } from './services.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

function argValue(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
}

async function waitReady(url, child, deadlineMs = 60_000) {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the API exited (${child.signalCode ?? child.exitCode})`);
    try {
      const res = await fetch(`${url}/health/ready`);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API was not ready within ${deadlineMs / 1000} s`);
}

/** Starts everything; returns { url, env, seed, stop }. */
export async function startStack({
  dir = join(ROOT, 'var/services'),
  stripe = false,
  port = 8000,
  seed = true,
  env: extraEnv = {},
  quiet = false,
} = {}) {
  const processes = (name) => {
    const raw = extraEnv[name] ?? process.env[name] ?? '1';
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64)
      throw new Error(`${name} must be a whole number from 1 to 64, not "${raw}"`);
    return Number(raw);
  };
  const apiProcesses = processes('API_PROCESSES');
  const workerProcesses = processes('WORKER_PROCESSES');
  const clickhouse = (extraEnv.TRACE_STORE ?? process.env.TRACE_STORE) === 'clickhouse';
  const services = await startServices({
    dir,
    postgres: !process.env.DATABASE_URL,
    redis: !process.env.REDIS_URL,
    stripe: stripe && !process.env.STRIPE_API_BASE,
    clickhouse: clickhouse && !process.env.CLICKHOUSE_URL && !extraEnv.CLICKHOUSE_URL,
    handleSignals: false,
  });
  const env = { ...process.env, ...services.env, PORT: String(port), ...extraEnv };
  // the local ClickHouse's URL names no database: use one of ours
  if (services.env.CLICKHOUSE_URL) env.CLICKHOUSE_URL = `${services.env.CLICKHOUSE_URL}/agentobs`;
  if (stripe && !env.STRIPE_SECRET_KEY) env.STRIPE_SECRET_KEY = 'sk_test_123';
  if (stripe && !env.STRIPE_WEBHOOK_SECRET) env.STRIPE_WEBHOOK_SECRET = 'whsec_stripe_mock_local';
  const children = [];
  let stopping = false;
  // (a child killed by a signal has exitCode null and signalCode set)
  const running = (c) => c.exitCode === null && c.signalCode === null;
  const stop = async () => {
    stopping = true;
    for (const c of children) if (running(c)) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) =>
        !running(c)
          ? null
          : new Promise((r) => {
              const t = setTimeout(() => {
                c.kill('SIGKILL');
                r();
              }, 30_000); // each process gives itself 25 s (src/common/shutdown.ts)
              c.once('exit', () => {
                clearTimeout(t);
                r();
              });
            }),
      ),
    );
    await services.stop();
  };
  try {
    execFileSync('node', [join(ROOT, 'dist/scripts/migrations.js'), 'run'], { env, stdio: quiet ? 'ignore' : 'inherit' });
    if (clickhouse) {
      execFileSync('node', [join(ROOT, 'dist/scripts/clickhouse/migrations.js'), 'run'], { env, stdio: quiet ? 'ignore' : 'inherit' });
    }
    let seedInfo = null;
    if (seed) {
      const out = execFileSync('node', [join(ROOT, 'dist/scripts/seed.js'), '--json'], { env, encoding: 'utf8' });
      seedInfo = JSON.parse(out.trim().split('\n').pop());
    }
    const io = quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit';
    const api = spawn('node', ['--max-semi-space-size=64', '--heap-growing-percent=300', join(ROOT, 'dist/src/main.js')], {
      env: { ...env, API_PROCESSES: String(apiProcesses) },
      stdio: io,
    });
    children.push(api);
    // a worker that dies (crash, OOM, kill -9) is replaced, as a supervisor (Docker, Kubernetes) would;
    // its unfinished jobs are taken over by the others after JOB_LOCK_SECONDS (BullMQ stalled-job check)
    const workers = [];
    const spawnWorker = (i) => {
      const w = spawn('node', [join(ROOT, 'dist/src/worker.js')], { env, stdio: io });
      workers[i] = w;
      children.push(w);
      w.once('exit', (code, signal) => {
        if (stopping) return;
        console.error(`worker ${w.pid} exited (${signal ?? `code ${code}`}): starting another`);
        setTimeout(() => !stopping && spawnWorker(i), 1000).unref();
      });
    };
    for (let i = 0; i < workerProcesses; i++) spawnWorker(i);
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, api);
    return { url, env, seed: seedInfo, stop, api, worker: workers[0], workers, apiProcesses, workerProcesses };
  } catch (e) {
    await stop();
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const port = Number(argValue(args, '--port', process.env.PORT ?? '8000'));
  const stack = await startStack({
    dir: argValue(args, '--dir', join(ROOT, 'var/services')),
    stripe: args.includes('--stripe'),
    port,
    seed: !args.includes('--no-seed'),
  });
  console.log('');
  console.log(`Agent Monitoring is up: ${stack.url}  (API docs: ${stack.url}/docs)`);
  if (stack.env.TRACE_STORE === 'clickhouse')
    console.log(`  traces in ClickHouse: ${stack.env.CLICKHOUSE_URL.replace(/\/\/[^@/]*@/, '//')}`);
  if (stack.seed) {
    console.log(`  demo login:  ${stack.seed.email} / ${stack.seed.password}`);
    console.log(`  API key:     ${stack.seed.apiKey}   (owner; a new one each start)`);
  }
  console.log(
    `  processes:   ${stack.apiProcesses} API (pid ${stack.api.pid}${stack.apiProcesses > 1 ? ', the cluster primary' : ''}), ${stack.workerProcesses} worker (pid ${stack.workers.map((w) => w.pid).join(', ')})`,
  );
  console.log('  Ctrl-C stops the API, the workers and the local services.');
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  stack.api.on('exit', (code) => {
    if (!stopping) {
      console.error(`the API exited (${code}); stopping`);
      void shutdown();
    }
  });
}
