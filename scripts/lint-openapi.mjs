#!/usr/bin/env node
/**
 * node scripts/lint-openapi.mjs [file]   (npm run lint:openapi; a stage of `make test`)
 * Lints openapi.json (the committed document, identical to the served one: the drift check holds them together) with
 * Redocly's `recommended` ruleset, as is: it fails on any error or on more than MAX_WARNINGS warnings, and prints them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_WARNINGS = 5;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ?? path.join(root, 'openapi.json');
const cli = path.join(root, 'node_modules/@redocly/cli/bin/cli.js');
function lint(target) {
  const res = spawnSync(process.execPath, [cli, 'lint', target, '--extends', 'recommended', '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // no usage telemetry, no update check: nothing leaves the machine
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  try {
    return JSON.parse(res.stdout.slice(res.stdout.indexOf('{')));
  } catch {
    console.error(`redocly lint did not report (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
    process.exit(1);
  }
}

const report = lint(file);
const { errors, warnings } = report.totals;
for (const p of report.problems ?? []) {
  const where = p.location?.[0]?.pointer ?? '';
  console.log(`${p.severity.padEnd(7)} ${p.ruleId}  ${where}  ${p.message}`);
}
const ok = errors === 0 && warnings <= MAX_WARNINGS;
console.log(
  `redocly recommended: ${errors} errors, ${warnings} warnings (allowed: 0 errors, ≤ ${MAX_WARNINGS} warnings) — ${ok ? 'ok' : 'FAILED'}`,
);

// Self-test of the gate: a copy with a schema 3.0 forbids (nullable without a type) must fail it.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentobs-lint-'));
try {
  const altered = JSON.parse(fs.readFileSync(file, 'utf8'));
  Object.values(Object.values(altered.components.schemas)[0].properties)[0].nullable = true;
  delete Object.values(Object.values(altered.components.schemas)[0].properties)[0].type;
  fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(altered));
  if (lint(path.join(dir, 'openapi.json')).totals.errors === 0) {
    console.error('lint self-test FAILED: a document with `nullable` and no `type` passed');
    process.exit(1);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
