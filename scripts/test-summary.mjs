// Prints one closing line for the whole `make test` run: "N passed, N failed" over every suite that
// wrote a result file (jest JSON, pytest JUnit XML, node:test counts).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'var/test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(dir)) {
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (f.endsWith('.json')) {
      const r = JSON.parse(text);
      if (typeof r.numPassedTests === 'number') {
        passed += r.numPassedTests;
        failed += r.numFailedTests;
        skipped += r.numPendingTests + (r.numTodoTests ?? 0);
      } else if (typeof r.passed === 'number') {
        passed += r.passed;
        failed += r.failed ?? 0;
        skipped += r.skipped ?? 0;
      }
    } else if (f.endsWith('.xml')) {
      for (const m of text.matchAll(/<testsuite\b[^>]*>/g)) {
        const attr = (n) => Number((m[0].match(new RegExp(`\\b${n}="(\\d+)"`)) ?? [])[1] ?? 0);
        const total = attr('tests');
        const bad = attr('failures') + attr('errors');
        const skip = attr('skipped');
        passed += total - bad - skip;
        failed += bad;
        skipped += skip;
      }
    }
  }
}
console.log(`\nsummary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (failed) process.exit(1);
