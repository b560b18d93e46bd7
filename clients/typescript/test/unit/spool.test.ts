/**
 * The spool directory: its shared format (the Python SDK reads and writes the same files), claims when
 * several processes start at once, stale claims, and its 50 MB bound.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { AgentObs } from '../../src/index';
import { spoolDirFor } from '../../src/node/spool';
import { startCollector, type Collector } from '../helpers/collector';
import { packageRoot } from '../helpers/child';
import { captureLogger } from '../helpers/collector';

let collector: Collector;
let hanging = false;
let root: string;
const cleanups: (() => Promise<unknown>)[] = [];

before(async () => {
  collector = await startCollector(() => (hanging ? 'hang' : 'default'));
  root = mkdtempSync(join(tmpdir(), 'agentobs-spool-test-'));
});
afterEach(async () => {
  hanging = false;
  while (cleanups.length) await cleanups.pop()!();
});
after(async () => {
  await collector.close();
  rmSync(root, { recursive: true, force: true });
});

function obsFor(spoolDir: string, apiKey: string, extra: ConstructorParameters<typeof AgentObs>[0] = {}) {
  const logger = captureLogger();
  const obs = new AgentObs({
    apiKey,
    baseUrl: collector.url,
    registerExitHandlers: false,
    spoolDir,
    logger,
    flushAt: 1000,
    flushIntervalMs: 60_000,
    ...extra,
  });
  cleanups.push(() => obs.shutdown({ timeoutMs: 100 }));
  return { obs, warnings: logger.messages };
}

/** A spool file as another process (or the Python SDK) would write it. */
function writeSpoolFile(dir: string, spans: number, opts: { at?: number; pid?: number; pad?: number; prefix?: string } = {}): string {
  mkdirSync(dir, { recursive: true });
  const traceId = randomBytes(16).toString('hex');
  const body = {
    spans: Array.from({ length: spans }, (_, i) => ({
      traceId,
      spanId: randomBytes(8).toString('hex'),
      name: `${opts.prefix ?? 'spooled'}-${i}`,
      kind: 'tool',
      startTime: '2025-01-02T03:04:05.123456Z',
      endTime: '2025-01-02T03:04:05.223456Z',
      status: 'ok',
      ...(opts.pad ? { input: 'x'.repeat(opts.pad) } : {}),
    })),
  };
  const name = `${opts.at ?? Date.now()}-${opts.pid ?? 4242}-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(join(dir, name), JSON.stringify(body));
  return name;
}

describe('spool: format', () => {
  it('shutdown against a hung API writes one ingest body per file, atomically, in <spoolDir>/<sha256(baseUrl\\napiKey)[:16]>/', async () => {
    const spoolDir = join(root, 'format');
    const { obs } = obsFor(spoolDir, 'ao_sk_format');
    hanging = true;
    for (let i = 0; i < 3; i++) obs.span(`to-spool-${i}`, { kind: 'llm' }, () => i);
    const result = await obs.shutdown({ timeoutMs: 300 });
    assert.deepEqual(result, { sent: 0, dropped: 0, spooled: 3, pending: 0, timedOut: true });
    assert.equal(obs.stats().spooled, 3);
    const hash = createHash('sha256').update(`${collector.url}\nao_sk_format`).digest('hex').slice(0, 16);
    assert.equal(spoolDirFor(spoolDir, collector.url, 'ao_sk_format'), join(spoolDir, hash));
    const files = readdirSync(join(spoolDir, hash));
    assert.equal(files.length, 1);
    assert.match(files[0]!, new RegExp(`^\\d{13}-${process.pid}-[0-9a-f]{8}\\.json$`));
    const path = join(spoolDir, hash, files[0]!);
    const body = JSON.parse(readFileSync(path, 'utf8')) as { spans: { name: string; startTime: string }[] };
    assert.deepEqual(Object.keys(body), ['spans']);
    assert.deepEqual(
      body.spans.map((s) => s.name),
      ['to-spool-0', 'to-spool-1', 'to-spool-2'],
    );
    assert.match(body.spans[0]!.startTime, /\.\d{6}Z$/);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(spoolDir, hash)).mode & 0o777, 0o700);
  });

  it('the next instance with the same key and base URL replays it (another key does not), then deletes it', async () => {
    const spoolDir = join(root, 'replay');
    const dir = spoolDirFor(spoolDir, collector.url, 'ao_sk_replay');
    const name = writeSpoolFile(dir, 4, { prefix: 'from-python' });
    const other = obsFor(spoolDir, 'ao_sk_other').obs;
    await other.flush({ timeoutMs: 1000 });
    assert.deepEqual(readdirSync(dir), [name], 'another key leaves it alone');
    const { obs } = obsFor(spoolDir, 'ao_sk_replay');
    const result = await obs.flush({ timeoutMs: 5000 });
    assert.equal(result.pending, 0);
    assert.equal(obs.stats().replayed, 4);
    assert.equal(obs.stats().sent, 0, 'replayed spans are counted apart from this process’s own');
    assert.equal(collector.accepted.filter((s) => s.name.startsWith('from-python-')).length, 4);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a spool file the API refuses is deleted and counted as rejected', async () => {
    const spoolDir = join(root, 'refused');
    const dir = spoolDirFor(spoolDir, collector.url, 'ao_sk_refused');
    writeSpoolFile(dir, 2, { prefix: 'refused' });
    const refusing = await startCollector(() => ({ status: 401, body: { code: 'unauthenticated' } }));
    cleanups.push(() => refusing.close());
    const refusedDir = spoolDirFor(spoolDir, refusing.url, 'ao_sk_refused');
    mkdirSync(refusedDir, { recursive: true });
    writeSpoolFile(refusedDir, 2, { prefix: 'refused' });
    const obs = new AgentObs({
      apiKey: 'ao_sk_refused',
      baseUrl: refusing.url,
      registerExitHandlers: false,
      spoolDir,
      logger: captureLogger(),
    });
    cleanups.push(() => obs.shutdown({ timeoutMs: 100 }));
    await obs.flush({ timeoutMs: 2000 });
    assert.equal(obs.stats().droppedByReason.rejected, 2);
    assert.deepEqual(readdirSync(refusedDir), []);
  });
});

describe('spool: claims', () => {
  it('two processes starting at once never both send a file', async () => {
    const spoolDir = join(root, 'race');
    const apiKey = 'ao_sk_race';
    const dir = spoolDirFor(spoolDir, collector.url, apiKey);
    const names = Array.from({ length: 30 }, (_, i) => writeSpoolFile(dir, 3, { at: 1_700_000_000_000 + i, prefix: `race-${i}` }));
    assert.equal(names.length, 30);
    const before = collector.requests.length;
    const children = [0, 1].map(
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/exit-child.ts', 'replay'], {
            cwd: packageRoot,
            env: { ...process.env, AGENTOBS_BASE_URL: collector.url, AGENTOBS_API_KEY: apiKey, SPOOL_DIR: spoolDir },
            stdio: 'ignore',
          });
          child.on('exit', resolve);
        }),
    );
    assert.deepEqual(await Promise.all(children), [0, 0]);
    const sent = collector.requests.slice(before).flatMap((r) => r.spans.map((s) => s.name));
    assert.equal(sent.length, 90, 'each of the 30 files sent once');
    assert.equal(new Set(sent).size, 90, 'no span sent twice');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a claim older than 10 minutes whose process is gone is claimed again; a live or recent claim is not; old .tmp files go', async () => {
    const spoolDir = join(root, 'stale');
    const apiKey = 'ao_sk_stale';
    const dir = spoolDirFor(spoolDir, collector.url, apiKey);
    const dead = 2 ** 22 + 12345; // above pid_max's default: no such process
    const old = new Date(Date.now() - 11 * 60_000);
    const stale = writeSpoolFile(dir, 1, { prefix: 'stale-dead' });
    writeFileSync(join(dir, `${stale}.claimed-${dead}`), readFileSync(join(dir, stale)));
    rmSync(join(dir, stale));
    utimesSync(join(dir, `${stale}.claimed-${dead}`), old, old);
    const recent = writeSpoolFile(dir, 1, { prefix: 'recent-dead' });
    writeFileSync(join(dir, `${recent}.claimed-${dead}`), readFileSync(join(dir, recent)));
    rmSync(join(dir, recent));
    const live = writeSpoolFile(dir, 1, { prefix: 'old-live' });
    writeFileSync(join(dir, `${live}.claimed-${process.ppid}`), readFileSync(join(dir, live)));
    rmSync(join(dir, live));
    utimesSync(join(dir, `${live}.claimed-${process.ppid}`), old, old);

    // a claim with this very pid that this process does not hold: a former process with the same pid (containers)
    const reused = writeSpoolFile(dir, 1, { prefix: 'stale-reused-pid' });
    writeFileSync(join(dir, `${reused}.claimed-${process.pid}`), readFileSync(join(dir, reused)));
    rmSync(join(dir, reused));
    utimesSync(join(dir, `${reused}.claimed-${process.pid}`), old, old);
    const leftover = `${Date.now()}-4242-deadbeef.json.tmp`;
    writeFileSync(join(dir, leftover), '{"spans":[');
    utimesSync(join(dir, leftover), old, old);

    const { obs } = obsFor(spoolDir, apiKey);
    await obs.flush({ timeoutMs: 5000 });
    assert.equal(obs.stats().replayed, 2);
    assert.equal(collector.accepted.filter((s) => s.name === 'stale-dead-0').length, 1);
    assert.equal(collector.accepted.filter((s) => s.name === 'stale-reused-pid-0').length, 1);
    assert.deepEqual(readdirSync(dir).sort(), [`${live}.claimed-${process.ppid}`, `${recent}.claimed-${dead}`].sort());
  });

  it('a file claimed but not yet sent is given back when the instance stops', async () => {
    const spoolDir = join(root, 'release');
    const apiKey = 'ao_sk_release';
    const dir = spoolDirFor(spoolDir, collector.url, apiKey);
    const name = writeSpoolFile(dir, 2, { prefix: 'given-back' });
    hanging = true;
    const { obs } = obsFor(spoolDir, apiKey);
    await collector.waitFor(() => collector.requests.some((r) => r.spans.some((s) => s.name === 'given-back-0')));
    assert.deepEqual(readdirSync(dir), [`${name}.claimed-${process.pid}`]);
    await obs.shutdown({ timeoutMs: 100 });
    assert.deepEqual(readdirSync(dir), [name]);
  });
});

describe('spool: bounded at 50 MB', () => {
  it('deletes the oldest files past 50 MB and counts their spans as dropped (bufferFull)', async () => {
    const spoolDir = join(root, 'bound');
    const apiKey = 'ao_sk_bound';
    const dir = spoolDirFor(spoolDir, collector.url, apiKey);
    // 13 files of ~4.4 MB (2 spans of 2.2 MB each) = ~57 MB, oldest first
    const names = Array.from({ length: 13 }, (_, i) => writeSpoolFile(dir, 2, { at: 1_600_000_000_000 + i, pad: 2_200_000 }));
    const drops: unknown[] = [];
    hanging = true;
    const { obs, warnings } = obsFor(spoolDir, apiKey, { onDrop: (e) => drops.push(e) });
    obs.span('newest', () => undefined);
    await obs.shutdown({ timeoutMs: 200 });
    const left = readdirSync(dir).filter((n) => !n.includes('.claimed-'));
    const total = readdirSync(dir).reduce((sum, n) => sum + statSync(join(dir, n)).size, 0);
    assert.ok(total <= 50 * 1024 * 1024, `${total} bytes left`);
    assert.ok(!left.includes(names[0]!) || !left.includes(names[1]!), 'the oldest went first');
    assert.ok(left.includes(names[12]!), 'the newest earlier file stays');
    assert.equal(left.filter((n) => n.includes(`-${process.pid}-`)).length, 1, 'the file just written stays');
    const dropped = obs.stats().droppedByReason.bufferFull;
    assert.ok(dropped >= 2 && dropped % 2 === 0, `${dropped} spans dropped`);
    assert.deepEqual(drops, [{ reason: 'bufferFull', count: dropped }]);
    assert.match(warnings.join('\n'), /spool directory passed its 50 MB bound/);
  });
});

describe('spool: ownership', () => {
  it('refuses a spool directory that belongs to another user (a shared temp dir): nothing written, nothing replayed, loudly', async () => {
    const spoolDir = join(root, 'foreign');
    const apiKey = 'ao_sk_foreign';
    const dir = spoolDirFor(spoolDir, collector.url, apiKey);
    writeSpoolFile(dir, 1, { prefix: 'planted' });
    const realGetuid = process.getuid!;
    process.getuid = () => realGetuid() + 1; // the directory now belongs to "someone else"
    try {
      const drops: unknown[] = [];
      const { obs, warnings } = obsFor(spoolDir, apiKey, { onDrop: (e) => drops.push(e) });
      await obs.flush({ timeoutMs: 1000 });
      assert.equal(obs.stats().replayed, 0);
      assert.equal(collector.accepted.filter((s) => s.name === 'planted-0').length, 0, 'spans planted by another user are not sent');
      hanging = true;
      obs.span('not-spooled', () => undefined);
      const result = await obs.shutdown({ timeoutMs: 100 });
      assert.equal(result.spooled, 0);
      assert.deepEqual(drops, [{ reason: 'shutdownTimeout', count: 1 }]);
      assert.match(warnings.join('\n'), /belongs to another user/);
    } finally {
      process.getuid = realGetuid;
    }
  });
});
