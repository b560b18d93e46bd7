#!/usr/bin/env node
/**
 * One script regenerates every generated artifact from the code:
 *   openapi.json (emitted from the Nest app, no database needed)
 *   clients/typescript/src/generated  (openapi-typescript-codegen, fetch client)
 *   clients/python/agentobs/_generated (openapi-python-client, pinned, in a venv)
 *
 *   node scripts/generate.mjs            write them in place
 *   node scripts/generate.mjs --check    generate into a temp dir and fail if the committed files differ;
 *                                        also proves the gate fires (a copy with openapi.json altered must differ)
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TS_DIR = join(ROOT, 'clients/typescript');
const PY_DIR = join(ROOT, 'clients/python');
export const ARTIFACTS = ['openapi.json', 'clients/typescript/src/generated', 'clients/python/agentobs/_generated'];

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: ROOT, ...opts });

function build() {
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
}

/** Generates all artifacts under `outRoot` (same relative layout as the repository). */
export function generate(outRoot) {
  const spec = join(outRoot, 'openapi.json');
  run('node', [join(ROOT, 'dist/scripts/emit-openapi.js'), spec]);
  if (!existsSync(join(TS_DIR, 'node_modules/.bin/openapi'))) run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: TS_DIR });
  const tsOut = join(outRoot, 'clients/typescript/src/generated');
  rmSync(tsOut, { recursive: true, force: true });
  const log = execFileSync(
    join(TS_DIR, 'node_modules/.bin/openapi'),
    ['--input', spec, '--output', tsOut, '--client', 'fetch', '--name', 'AgentObsClient', '--useOptions', '--useUnionTypes'],
    { cwd: TS_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (/warn|error/i.test(log)) throw new Error(`openapi-typescript-codegen reported problems:\n${log}`);
  run('bash', [join(PY_DIR, 'scripts/generate.sh'), spec], {
    env: { ...process.env, AGENTOBS_GEN_TARGET: join(outRoot, 'clients/python/agentobs/_generated') },
  });
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [''];
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__pycache__') walk(p);
      } else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Differences between the artifacts under `expectedRoot` (fresh) and `actualRoot` (committed). */
export function compare(expectedRoot, actualRoot) {
  const problems = [];
  for (const artifact of ARTIFACTS) {
    const a = join(expectedRoot, artifact);
    const b = join(actualRoot, artifact);
    const fa = listFiles(a);
    const fb = listFiles(b);
    for (const f of fa) {
      const pa = f ? join(a, f) : a;
      const pb = f ? join(b, f) : b;
      if (!fb.includes(f)) problems.push(`missing: ${join(artifact, f)}`);
      else if (!readFileSync(pa).equals(readFileSync(pb))) problems.push(`differs: ${join(artifact, f)}`);
    }
    for (const f of fb) if (!fa.includes(f)) problems.push(`stale: ${join(artifact, f)}`);
  }
  return problems;
}

/** A copy of the committed artifacts with openapi.json altered: the check must flag it. */
function alteredCopy() {
  const copy = mkdtempSync(join(tmpdir(), 'agentobs-gen-altered-'));
  for (const a of ARTIFACTS) if (existsSync(join(ROOT, a))) cpSync(join(ROOT, a), join(copy, a), { recursive: true });
  const spec = JSON.parse(readFileSync(join(copy, 'openapi.json'), 'utf8'));
  spec.info.description += ' (altered by the drift self-test)';
  writeFileSync(join(copy, 'openapi.json'), JSON.stringify(spec, null, 2) + '\n');
  return copy;
}

function check() {
  const tmp = mkdtempSync(join(tmpdir(), 'agentobs-gen-'));
  const altered = alteredCopy();
  try {
    generate(tmp);
    const problems = compare(tmp, ROOT);
    if (problems.length) {
      console.error(`Generated files are out of date (${problems.length}); run \`npm run generate\` and commit:`);
      for (const p of problems.slice(0, 30)) console.error('  ' + p);
      return false;
    }
    // Self-test of the gate (a drift gate that never fires is worse than none).
    if (!compare(tmp, altered).includes('differs: openapi.json')) {
      console.error('drift self-test FAILED: an altered openapi.json was not detected');
      return false;
    }
    console.log('generated files are up to date (openapi.json, TypeScript and Python clients); drift self-test detected an altered spec');
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(altered, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
build();
if (args.includes('--check')) {
  process.exit(check() ? 0 : 1);
} else {
  generate(ROOT);
  console.log('regenerated openapi.json and both SDK clients');
}
